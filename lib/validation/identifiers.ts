import {
  getBankNameFromCardNumber,
  getShebaInfo,
  isShebaValid,
  verifyCardNumber,
  verifyIranianLegalId,
  verifyIranianNationalId,
} from '@persian-tools/persian-tools';
import { toAsciiDigits } from './digits';

/**
 * Iranian identifiers, checked by their real algorithms (through @persian-tools, whose
 * implementations the tests check against our own reference ones). Every function takes raw
 * input: Persian/Arabic digits, spaces and dashes are tolerated and normalised away.
 */

const compact = (raw: string) => toAsciiDigits(raw).replace(/[\s\-_.\u200c]/g, '');

/** کد ملی: 10 digits, mod-11 check digit, not ten equal digits. */
export function normalizeNationalCode(raw: string): string | null {
  const s = compact(raw);
  if (!/^\d{10}$/.test(s) || /^(\d)\1{9}$/.test(s)) return null;
  // Checksum only: the library's list of issuing-office prefixes is not complete enough to refuse people by.
  return verifyIranianNationalId(s, { checkPrefix: false }) ? s : null;
}

/** شناسه ملی اشخاص حقوقی: 11 digits, weighted mod-11 check digit. */
export function normalizeLegalId(raw: string): string | null {
  const s = compact(raw);
  if (!/^\d{11}$/.test(s)) return null;
  return verifyIranianLegalId(s) ? s : null;
}

/** شبا: `IR` + 24 digits, ISO 13616 mod 97 = 1. Stored upper-case with the IR prefix. */
export function normalizeSheba(raw: string): string | null {
  let s = compact(raw).toUpperCase();
  if (/^\d{24}$/.test(s)) s = `IR${s}`;
  if (!/^IR\d{24}$/.test(s)) return null;
  return isShebaValid(s) ? s : null;
}

/** 16-digit card number with a valid Luhn check digit. */
export function normalizeCardNumber(raw: string): string | null {
  const s = compact(raw);
  if (!/^\d{16}$/.test(s)) return null;
  // Passed as a string: 16 digits exceed what a JS number holds exactly (the typing says number).
  return verifyCardNumber(s as unknown as number) ? s : null;
}

/** Iranian postal code: 10 digits; the first four from 1, 3–9 and not all alike, the fifth 1, 3, 4 or 6–9, the rest without 2. */
export function normalizePostalCode(raw: string): string | null {
  const s = compact(raw);
  return /^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$/.test(s) ? s : null;
}

/** Landline: 0 + a 2-digit area code (01x–08x) + 8 digits; +98 / 0098 accepted. */
export function normalizeLandline(raw: string): string | null {
  let s = compact(raw).replace(/[()]/g, '');
  if (/^\+98\d{10}$/.test(s)) s = `0${s.slice(3)}`;
  else if (/^0098\d{10}$/.test(s)) s = `0${s.slice(4)}`;
  return /^0[1-8]\d{9}$/.test(s) ? s : null;
}

export function bankOfSheba(sheba: string): { code: string; name: string; nameEn: string } | null {
  const info = getShebaInfo(sheba) as { code?: string; persianName?: string; name?: string } | null;
  return info?.code && info.persianName ? { code: info.code, name: info.persianName, nameEn: info.name ?? info.persianName } : null;
}

export function bankOfCard(card: string): string | null {
  return getBankNameFromCardNumber(card) ?? null;
}

/**
 * The two lists name some banks differently ("موسسه نور" / "موسسه اعتباری نور",
 * "بانک رسالت" / "بانک قرض الحسنه رسالت"); compare what is left of the name.
 */
function bankKey(name: string): string {
  return name
    .replace(/\u200c/g, ' ')
    .replace(/(بانک|موسسه|مؤسسه|اعتباری|قرض|الحسنه|ایران|کارگران|جمهوری|اسلامی)/g, '')
    .replace(/\s+/g, '');
}

/** False only when both banks are known and differ. */
export function cardMatchesSheba(card: string, sheba: string): boolean {
  const a = bankOfCard(card);
  const b = bankOfSheba(sheba)?.name;
  if (!a || !b) return true;
  return bankKey(a) === bankKey(b);
}
