import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, AUDIT_OBJECT_TYPES, auditKey } from '@/lib/i18n/labels';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';

/** Every non-test TypeScript file under lib/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Actions computed at run time, by file and expression, with every value they can take. A new
 * computed action fails the test until it is listed here with its values (and they have labels).
 */
const COMPUTED: Record<string, readonly string[]> = {
  'lib/vpos/payments.ts: `vpos.${input.kind}.requested`': ['vpos.cancel.requested', 'vpos.refund.requested'],
  'lib/disputes/index.ts: d.state': ['won', 'lost'],
  'lib/payouts/settings.ts: change.action': ['set_default_account', 'set_auto_settlement'],
  'lib/payouts/index.ts: state': ['approved', 'rejected'],
  'lib/payouts/index.ts: p.state': ['paid', 'returned'],
};
const KYC_CONSTANTS: Record<string, string> = { KYC: 'kyc_profile' };

type Found = { actions: Set<string>; objects: Set<string>; unknown: string[]; calls: number; read: number };

function scan(): Found {
  const found: Found = { actions: new Set(), objects: new Set(), unknown: [], calls: 0, read: 0 };
  for (const file of sources('lib')) {
    if (file.startsWith(join('lib', 'audit'))) continue;
    const src = readFileSync(file, 'utf8');
    found.calls += [...src.matchAll(/\baudit\(\s*\w+\s*,/g)].length;
    for (const m of src.matchAll(/\baudit\(\s*\w+\s*,[^{]{0,80}\{\s*action:\s*([\s\S]*?),\s*objectType:\s*([^,\n]+),/g)) {
      found.read++;
      // In `a ? 'x' : 'y'` only the branches are actions, not the condition's literals.
      const expr = m[1].trim();
      const branches = expr.includes('?') ? expr.slice(expr.indexOf('?') + 1) : expr;
      const literals = expr.startsWith('`') ? [] : [...branches.matchAll(/'([^']+)'/g)].map((x) => x[1]);
      const computed = COMPUTED[`${file}: ${expr}`];
      if (literals.length) literals.forEach((a) => found.actions.add(a));
      else if (computed) computed.forEach((a) => found.actions.add(a));
      else found.unknown.push(`${file}: ${expr}`);
      const type = m[2].trim();
      const lit = /^'([^']+)'$/.exec(type);
      if (lit) found.objects.add(lit[1]);
      else if (KYC_CONSTANTS[type]) found.objects.add(KYC_CONSTANTS[type]);
      else found.unknown.push(`${file}: objectType ${type}`);
    }
  }
  return found;
}

describe('audit labels', () => {
  const found = scan();

  it('reads every audit() call in lib (action first, then objectType), and knows every computed action', () => {
    expect(found.read).toBe(found.calls);
    expect(found.calls).toBeGreaterThan(60);
    expect(found.unknown).toEqual([]);
  });

  it('has every action and object type passed to audit() in its catalogue', () => {
    expect([...found.actions].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect([...found.objects].filter((o) => !(AUDIT_OBJECT_TYPES as readonly string[]).includes(o))).toEqual([]);
  });

  it('has words for every catalogued code in Persian, English and Turkish', () => {
    for (const [lang, m] of Object.entries({ fa, en, tr })) {
      const a = (m as unknown as { audit: Record<string, Record<string, string>> }).audit;
      const missing = [
        ...AUDIT_ACTIONS.filter((c) => !a.actions?.[auditKey(c)]).map((c) => `actions.${c}`),
        ...AUDIT_OBJECT_TYPES.filter((c) => !a.objects?.[c]).map((c) => `objects.${c}`),
        ...AUDIT_ACTOR_KINDS.filter((c) => !a.kinds?.[c]).map((c) => `kinds.${c}`),
      ];
      expect(missing, lang).toEqual([]);
    }
  });

  it('finds the scanner works: a made-up action would be reported', () => {
    expect((AUDIT_ACTIONS as readonly string[]).includes('forged_action')).toBe(false);
    expect(found.actions.has('password_change')).toBe(true);
    expect(found.actions.has('paid')).toBe(true);
  });
});
