import { phoneNumberDetail } from '@persian-tools/persian-tools';
import type { Operator } from './provider';

/**
 * Which operator a mobile number belongs to, from its prefix: a hint only. Numbers keep their
 * prefix when ported (twice a year is allowed), so the buyer or the API may name the operator
 * explicitly and the provider gets that name.
 *
 * The three-digit table is persian-tools' (`phoneNumberDetail`, a maintained table with the
 * prepaid/postpaid kind per prefix): MCI 910–919 and 990–996 (912 postpaid, 919/990/992–994
 * prepaid), Irancell 900–905, 930, 933, 935–939, 941, Rightel 920 (postpaid) and 921–923, Taliya
 * 932, Shatel Mobile 998. Where it is out of date (research/providers.md §D.3) PREFIX_OVERRIDES
 * wins, longest prefix first:
 * - 934 is TeleKish (py-persian-tools; libphonenumber `989347|TKC`): persian-tools 4.0.4 has no 934.
 * - 999 is not all ApTel, as persian-tools 4.0.4 says: ApTel holds 99910/99911/99913/99914 and
 *   SamanTel 9999x (py-persian-tools operators.py). Other 999 numbers (LotusTel 99900, …) belong to
 *   operators we cannot sell to: no operator.
 * Left as persian-tools has it: 994 stays MCI (the ITU plan's Ansarestan 9944 is contradicted by
 * both libraries), and the whole 998 is Shatel (py-persian-tools PR #29 widened 99810–99822 to it).
 */
type Hint = { operator: Operator; simHint: 'prepaid' | 'postpaid' | null };

const PREFIX_OVERRIDES: Record<string, Hint | null> = {
  '934': { operator: 'telekish', simHint: null },
  '999': null,
  '99910': { operator: 'aptel', simHint: null },
  '99911': { operator: 'aptel', simHint: null },
  '99913': { operator: 'aptel', simHint: null },
  '99914': { operator: 'aptel', simHint: null },
  '9999': { operator: 'samantel', simHint: null },
};
const OVERRIDE_PREFIXES = Object.keys(PREFIX_OVERRIDES).sort((a, b) => b.length - a.length);

/** persian-tools names operators in Persian; a name not listed here is not one we sell to. */
const LIBRARY_NAMES: Record<string, Operator> = {
  'همراه اول': 'mci',
  ایرانسل: 'irancell',
  رایتل: 'rightel',
  تالیا: 'taliya',
  'شاتل موبایل': 'shatel',
  آپتل: 'aptel',
};

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits as ASCII. */
function asciiDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.codePointAt(0)! & 0xf) % 10));
}

/**
 * A mobile number in any usual form (09…, 9…, +98…, 0098…, 98…, Persian or Arabic digits, spaces,
 * dashes or brackets between digits) as `09xxxxxxxxx`, or null when it is not an Iranian mobile.
 */
export function normalizeIranMobile(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const s = asciiDigits(raw.trim()).replace(/[\s\-()\u200c\u200e\u200f]/g, '');
  let national: string;
  if (/^\+98\d{10}$/.test(s)) national = s.slice(3);
  else if (/^0098\d{10}$/.test(s)) national = s.slice(4);
  else if (/^98\d{10}$/.test(s)) national = s.slice(2);
  else if (/^0\d{10}$/.test(s)) national = s.slice(1);
  else if (/^\d{10}$/.test(s)) national = s;
  else return null;
  return /^9\d{9}$/.test(national) ? `0${national}` : null;
}

export function detectOperator(mobile: string): Hint | null {
  const normal = normalizeIranMobile(mobile);
  if (!normal) return null;
  const national = normal.slice(1);
  const override = OVERRIDE_PREFIXES.find((p) => national.startsWith(p));
  if (override !== undefined) return PREFIX_OVERRIDES[override];
  let detail: ReturnType<typeof phoneNumberDetail>;
  try {
    detail = phoneNumberDetail(normal);
  } catch {
    return null;
  }
  const operator = detail ? LIBRARY_NAMES[detail.operator] : undefined;
  if (!detail || !operator) return null;
  const types = new Set(detail.type);
  const simHint = types.size === 1 ? (types.has('permanent') ? 'postpaid' : types.has('credit') ? 'prepaid' : null) : null;
  return { operator, simHint };
}
