import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fa from '@/messages/fa.json';
import { CLIENT_NAMESPACES, covers, pickMessages, type ClientArea } from './client-namespaces';

/*
 * Walks the import graph of each area from its files, marks what runs in the browser (a
 * 'use client' file and everything it imports, never a 'use server' file's insides), and reads the
 * namespaces those files ask `useTranslations` for. Each area's provider must hold them all, and
 * nothing else: a missing one shows raw keys, an extra one weighs on every page of the area.
 */

const ROOT = path.resolve(__dirname, '../..');

const AREAS: Record<ClientArea, { entries: string[]; layout: string; except?: string }> = {
  root: { entries: ['app/layout.tsx', 'app/not-found.tsx', 'app/forbidden.tsx'], layout: 'app/layout.tsx' },
  // /pay/help's words ride only on its own pages (its layout's provider), not on every payer's page.
  pay: { entries: ['app/pay'], layout: 'app/pay/layout.tsx', except: 'app/pay/help' },
  payHelp: { entries: ['app/pay/help'], layout: 'app/pay/help/layout.tsx' },
  auth: { entries: ['app/(auth)'], layout: 'app/(auth)/layout.tsx' },
  portal: { entries: ['app/(portal)'], layout: 'app/(portal)/layout.tsx' },
  admin: { entries: ['app/admin'], layout: 'app/admin/layout.tsx' },
  dev: { entries: ['app/dev'], layout: 'app/dev/layout.tsx' },
  sandbox: { entries: ['app/sandbox'], layout: 'app/sandbox/layout.tsx' },
  topup: { entries: ['app/topup'], layout: 'app/topup/layout.tsx' },
  docs: { entries: ['app/docs'], layout: 'app/docs/layout.tsx' },
};

function filesUnder(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f))
    .map((f) => path.join(abs, f));
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null; // a package: its namespaces are none of ours
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

// `import x from '…'`, `import { a,\n b } from '…'`, `export * from '…'`, `import '…'`, `import('…')`; not `import type`.
const IMPORT_RE = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
const directive = (src: string, d: string) => new RegExp(`^\\s*(?:\\/\\/[^\\n]*\\n\\s*|\\/\\*[\\s\\S]*?\\*\\/\\s*)*['"]${d}['"]`).test(src);

/**
 * The message paths a client file reads: `const t = useTranslations('shell')` then `t('language')`
 * reads `shell.language`; `t(code)`, a template without a fixed prefix, or `t` handed on reads the
 * whole namespace; `` t(`gateways.${id}`) `` reads `pay.gateways`.
 */
function usedPaths(src: string, rel: string, problems: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const m of src.matchAll(/useTranslations\(([^)]*)\)/g)) {
    const arg = m[1].trim();
    if (arg === 'namespace') continue; // the callers' `namespace="…"` props say which
    const literal = /^['"]([\w.]+)['"]$/.exec(arg);
    if (!literal) {
      problems.push(`${rel}: useTranslations(${arg}) — name a namespace the test can read`);
      continue;
    }
    const ns = literal[1];
    const bound = new RegExp(`(?:const|let)\\s+(\\w+)\\s*=\\s*${m[0].replace(/[()]/g, '\\$&')}`).exec(src)?.[1];
    if (!bound) {
      out.push([ns, rel]);
      continue;
    }
    const call = new RegExp(`\\b${bound}(?:\\.(?:rich|markup|raw|has))?\\(\\s*(?:(['"])([\\w.]+)\\1|\`([\\w.]*)\\$\\{|([^)\\s]))`, 'g');
    let whole = false;
    for (const c of src.matchAll(call)) {
      if (c[2]) out.push([`${ns}.${c[2]}`, rel]);
      else if (c[3] !== undefined && c[3].endsWith('.')) out.push([`${ns}.${c[3].slice(0, -1)}`, rel]);
      else whole = true;
    }
    // Handed on (`message={t}`, `fn(t)`), or called in a way not read above: the whole namespace.
    const mentions = [...src.matchAll(new RegExp(`\\b${bound}\\b(?!\\s*(?:\\(|\\.(?:rich|markup|raw|has)\\(|=\\s*useTranslations))`, 'g'))];
    if (whole || mentions.length > 0) out.push([ns, rel]);
  }
  return out;
}

type Found = { namespaces: Map<string, string>; problems: string[] };

function clientNamespaces(area: ClientArea): Found {
  const seen = new Set<string>();
  const namespaces = new Map<string, string>();
  const problems: string[] = [];
  const visit = (file: string, client: boolean) => {
    const src = readFileSync(file, 'utf8');
    if (directive(src, 'use server')) return; // runs on the server, whoever imports it
    const isClient = client || directive(src, 'use client');
    const key = `${isClient}:${file}`;
    if (seen.has(key)) return;
    seen.add(key);
    const rel = path.relative(ROOT, file);
    if (isClient) {
      for (const [ns, why] of usedPaths(src, rel, problems)) namespaces.set(ns, why);
      // A component that takes its namespace as a prop (OtpFlow, ShebaField): the callers say which.
      for (const m of src.matchAll(/\bnamespace=["']([\w.]+)["']/g)) namespaces.set(m[1], rel);
    }
    for (const m of src.matchAll(IMPORT_RE)) {
      if (m[1]) continue;
      const target = resolveImport(file, m[2] ?? m[3]);
      if (target) visit(target, isClient);
    }
  };
  const except = AREAS[area].except;
  for (const entry of AREAS[area].entries) for (const f of filesUnder(entry)) if (!except || !f.startsWith(path.join(ROOT, except) + path.sep)) visit(f, false);
  return { namespaces, problems };
}

const areas = Object.keys(CLIENT_NAMESPACES) as ClientArea[];

describe('each area provides its client components the namespaces they use', () => {
  it.each(areas)('%s: every namespace a client component uses is provided, and no other', (area) => {
    const { namespaces, problems } = clientNamespaces(area);
    expect(problems).toEqual([]);
    const listed: readonly string[] = CLIENT_NAMESPACES[area];
    const missing = [...namespaces].filter(([ns]) => !covers(listed, ns)).map(([ns, file]) => `${ns} (${file})`);
    expect(missing, `add to CLIENT_NAMESPACES.${area}`).toEqual([]);
    const unused = listed.filter((p) => ![...namespaces.keys()].some((ns) => covers([p], ns)));
    expect(unused, `no client component of ${area} uses these`).toEqual([]);
  });

  it.each(areas.filter((a) => CLIENT_NAMESPACES[a].length > 0))('%s: its layout wraps the area in its provider', (area) => {
    const layout = readFileSync(path.join(ROOT, AREAS[area].layout), 'utf8');
    expect(layout).toMatch(new RegExp(`<ClientMessages\\s+area="${area}"`));
  });

  it('the root layout provides no catalogue of its own', () => {
    const layout = readFileSync(path.join(ROOT, 'app/layout.tsx'), 'utf8');
    expect(layout).not.toMatch(/<NextIntlClientProvider(?![^>]*messages=)/);
    expect(layout).toMatch(/<ClientMessages\s+area="root"/);
  });

  it('every provided path exists in the catalogue', () => {
    for (const area of areas) for (const p of CLIENT_NAMESPACES[area]) expect(Object.keys(pickMessages(fa, [p])), `${area}: ${p}`).toHaveLength(1);
  });

  it('the walker sees through imports and directives (it would catch a missing namespace)', () => {
    const { namespaces } = clientNamespaces('pay');
    // pay-form (a client component) → use-action-form (no directive of its own, client by import) → errors.
    expect(namespaces.get('errors')).toBeDefined();
    expect(namespaces.get('pay')).toBe('components/pay/pay-form.tsx');
    expect(covers(['kyc.day'], 'kyc')).toBe(false);
  });
});

describe('pickMessages', () => {
  it('keeps the shape of the catalogue for dotted paths', () => {
    const picked = pickMessages({ a: { b: 'x', c: 'y' }, d: 'z', e: { f: { g: 'h' } } }, ['a.b', 'e.f', 'missing.path']);
    expect(picked).toEqual({ a: { b: 'x' }, e: { f: { g: 'h' } } });
  });

  it('merges siblings under one parent', () => {
    expect(pickMessages({ kyc: { day: 'D', month: 'M', year: 'Y', other: 'O' } }, ['kyc.day', 'kyc.month'])).toEqual({ kyc: { day: 'D', month: 'M' } });
  });
});
