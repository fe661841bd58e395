import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The seam between the app and `lib`, held by a test rather than by review: every server action
 * goes through `action()`, pages and routes leave queries to `lib`, components never reach into
 * `app/`, staff power is never a flag, and zod errors become field errors in one place.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) files(rel, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(rel);
  }
  return out;
}
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const app = files('app').filter((f) => !/\.test\.tsx?$/.test(f));

describe('the typed edge', () => {
  it('every export of a server-action module is an action() — none bypasses the session, role and schema checks', () => {
    const offenders: string[] = [];
    for (const f of app) {
      const src = read(f);
      if (!/^['"]use server['"];?/m.test(src)) continue;
      for (const m of src.matchAll(/^export\s+(async\s+function|function|const|let|default)\s*(\w*)(.*)$/gm)) {
        if (m[1] === 'const' && /^\s*=\s*action\(/.test(m[3])) continue;
        offenders.push(`${f}: export ${m[1]} ${m[2]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('pages, layouts, actions and routes leave queries to lib', () => {
    const offenders = app.filter((f) => /from ['"](drizzle-orm|@\/db\/schema)['"]/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('components never import from app/, and nothing sets staff power as a flag', () => {
    const components = files('components').filter((f) => /from ['"]@\/app\//.test(read(f)));
    expect(components).toEqual([]);
    const flags = [...files('lib'), ...app, ...files('components')].filter((f) => /\basStaff\b/.test(read(f)));
    expect(flags).toEqual([]);
  });

  it('zod issues become field errors in one function', () => {
    const defs = [...files('lib'), ...app, ...files('components')].filter((f) => /function fieldErrorsOf\b|const fieldErrorsOf\b/.test(read(f)));
    expect(defs).toEqual(['lib/result.ts']);
  });
});
