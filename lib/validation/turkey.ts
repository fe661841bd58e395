import { normalizeTurkishMobile } from './mobile-tr';
import { z } from 'zod';
import { toAsciiDigits } from './digits';
import { normalised } from './shared';
import { CONTROL_CHARS, singleLine } from './text';

/**
 * Turkish identifiers, checked by their published algorithms, and the schemas built on them.
 * Every normaliser takes raw input (spaces, dashes, dots and Persian/Arabic digits tolerated) and
 * answers the one canonical form, or null. Messages are keys under `errors.*`.
 */

const compact = (raw: string) => toAsciiDigits(raw).replace(/[\s\-_.()\u200c]/g, '');

/**
 * Vergi kimlik numarası (VKN, a company's tax number): 10 digits, the last a check digit of the
 * first nine. Revenue Administration (GİB) algorithm: for the digit d at 0-based position i,
 * t = (d + 9 − i) mod 10 and p = t·2^(9−i) mod 9, with p = 9 when t ≠ 0 and p = 0; the check
 * digit is (10 − Σp mod 10) mod 10.
 */
export function vknCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const t = (Number(nine[i]) + 9 - i) % 10;
    let p = (t * 2 ** (9 - i)) % 9;
    if (t !== 0 && p === 0) p = 9;
    sum += p;
  }
  return (10 - (sum % 10)) % 10;
}

export function normalizeVkn(raw: string): string | null {
  const s = compact(raw);
  if (!/^\d{10}$/.test(s)) return null;
  return vknCheckDigit(s.slice(0, 9)) === Number(s[9]) ? s : null;
}

/**
 * T.C. kimlik numarası (a Turkish citizen's identity number): 11 digits, the first not 0. The
 * tenth is ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10, the eleventh the sum of the first ten mod 10.
 */
export function tcknCheckDigits(nine: string): string {
  const d = [...nine].map(Number);
  const odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const even = d[1] + d[3] + d[5] + d[7];
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (d.reduce((a, b) => a + b, 0) + tenth) % 10;
  return `${tenth}${eleventh}`;
}

export function normalizeTckn(raw: string): string | null {
  const s = compact(raw);
  if (!/^[1-9]\d{10}$/.test(s)) return null;
  return tcknCheckDigits(s.slice(0, 9)) === s.slice(9) ? s : null;
}

/** ISO 7064 mod 97 of a string of digits, piecewise (too long for a number). */
function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** T=29, R=27: the letters of `TR` as ISO 13616 moves them to the end. */
const TR_DIGITS = '2927';

/**
 * Turkish IBAN: `TR`, two check digits, then 22 digits — a 5-digit bank code (the IBAN's
 * characters 5–9), a reserve digit and the 16-digit account. ISO 13616: the number moved and
 * read with letters as digits is 1 mod 97. Stored upper-case without spaces.
 */
export function normalizeTrIban(raw: string): string | null {
  let s = compact(raw).toUpperCase();
  if (/^\d{24}$/.test(s)) s = `TR${s}`;
  if (!/^TR\d{24}$/.test(s)) return null;
  return mod97(`${s.slice(4)}${TR_DIGITS}${s.slice(2, 4)}`) === 1 ? s : null;
}

/** The IBAN with the check digits computed for a 22-digit bank code + reserve + account. */
export function trIbanFor(bban22: string): string {
  const check = 98 - mod97(`${bban22}${TR_DIGITS}00`);
  return `TR${String(check).padStart(2, '0')}${bban22}`;
}

/** The bank's 5-digit EFT code: the IBAN's characters 5–9. */
export function bankCodeOfTrIban(iban: string): string {
  return iban.slice(4, 9);
}

/** Spaced in fours, as it is printed: `TR33 0006 1005 …`. */
export function formatTrIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** MERSİS number (the central registry's number of a company): 16 digits. */
export function normalizeMersis(raw: string): string | null {
  const s = compact(raw);
  return /^\d{16}$/.test(s) ? s : null;
}

/** Turkish mobile: 5xx + 7 digits, `+90`/`0090`/`90`/`0` before it; stored `+905xxxxxxxxx` (one rule, in mobile-tr.ts). */
export const normalizeTrMobile = normalizeTurkishMobile;

/**
 * The 81 provinces (il) with their plate codes, which are also the first two digits of every
 * postal code in the province.
 */
export const TR_PROVINCES = [
  ['01', 'Adana'],
  ['02', 'Adıyaman'],
  ['03', 'Afyonkarahisar'],
  ['04', 'Ağrı'],
  ['05', 'Amasya'],
  ['06', 'Ankara'],
  ['07', 'Antalya'],
  ['08', 'Artvin'],
  ['09', 'Aydın'],
  ['10', 'Balıkesir'],
  ['11', 'Bilecik'],
  ['12', 'Bingöl'],
  ['13', 'Bitlis'],
  ['14', 'Bolu'],
  ['15', 'Burdur'],
  ['16', 'Bursa'],
  ['17', 'Çanakkale'],
  ['18', 'Çankırı'],
  ['19', 'Çorum'],
  ['20', 'Denizli'],
  ['21', 'Diyarbakır'],
  ['22', 'Edirne'],
  ['23', 'Elazığ'],
  ['24', 'Erzincan'],
  ['25', 'Erzurum'],
  ['26', 'Eskişehir'],
  ['27', 'Gaziantep'],
  ['28', 'Giresun'],
  ['29', 'Gümüşhane'],
  ['30', 'Hakkâri'],
  ['31', 'Hatay'],
  ['32', 'Isparta'],
  ['33', 'Mersin'],
  ['34', 'İstanbul'],
  ['35', 'İzmir'],
  ['36', 'Kars'],
  ['37', 'Kastamonu'],
  ['38', 'Kayseri'],
  ['39', 'Kırklareli'],
  ['40', 'Kırşehir'],
  ['41', 'Kocaeli'],
  ['42', 'Konya'],
  ['43', 'Kütahya'],
  ['44', 'Malatya'],
  ['45', 'Manisa'],
  ['46', 'Kahramanmaraş'],
  ['47', 'Mardin'],
  ['48', 'Muğla'],
  ['49', 'Muş'],
  ['50', 'Nevşehir'],
  ['51', 'Niğde'],
  ['52', 'Ordu'],
  ['53', 'Rize'],
  ['54', 'Sakarya'],
  ['55', 'Samsun'],
  ['56', 'Siirt'],
  ['57', 'Sinop'],
  ['58', 'Sivas'],
  ['59', 'Tekirdağ'],
  ['60', 'Tokat'],
  ['61', 'Trabzon'],
  ['62', 'Tunceli'],
  ['63', 'Şanlıurfa'],
  ['64', 'Uşak'],
  ['65', 'Van'],
  ['66', 'Yozgat'],
  ['67', 'Zonguldak'],
  ['68', 'Aksaray'],
  ['69', 'Bayburt'],
  ['70', 'Karaman'],
  ['71', 'Kırıkkale'],
  ['72', 'Batman'],
  ['73', 'Şırnak'],
  ['74', 'Bartın'],
  ['75', 'Ardahan'],
  ['76', 'Iğdır'],
  ['77', 'Yalova'],
  ['78', 'Karabük'],
  ['79', 'Kilis'],
  ['80', 'Osmaniye'],
  ['81', 'Düzce'],
] as const satisfies readonly (readonly [string, string])[];

export function plateOfProvince(il: string): string | null {
  return TR_PROVINCES.find(([, name]) => name === il)?.[0] ?? null;
}

/** Turkish postal code: 5 digits, the first two a province's plate code (01–81). */
export function normalizeTrPostalCode(raw: string): string | null {
  const s = compact(raw);
  if (!/^\d{5}$/.test(s)) return null;
  const plate = Number(s.slice(0, 2));
  return plate >= 1 && plate <= 81 ? s : null;
}

// ------------------------------------------------------------------ schemas

export const vknSchema = normalised(normalizeVkn, 'vknInvalid');
export const tcknSchema = normalised(normalizeTckn, 'tcknInvalid');
export const trIbanSchema = normalised(normalizeTrIban, 'trIbanInvalid');
/** Optional: empty is fine, anything else must be 16 digits. */
export const mersisSchema = normalised(normalizeMersis, 'mersisInvalid', { required: false });
export const trMobileSchema = normalised(normalizeTrMobile, 'trMobileInvalid');
export const trPostalCodeSchema = normalised(normalizeTrPostalCode, 'trPostalCodeInvalid');
/** One of the 81 provinces, by its name as listed. */
export const trProvinceSchema = normalised((v) => (plateOfProvince(v) ? v : null), 'trProvinceInvalid');

const text = (max: number) => z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).max(max, 'tooLong');
const required = (max: number) => text(max).min(1, 'required');
/** Letters of any script (Turkish ones included), digits and the marks company and person names use. */
const nameLike = (max: number) => required(max).regex(/^[\p{L}\p{M}\p{N}\s'’.\-()&,/+]+$/u, 'nameInvalid');

/**
 * A Turkish company's identity: the registry, the address in Turkey and the authorised person.
 * The address fields have names of their own (not the Iranian `address`/`postalCode`), so a form
 * switched between kinds never checks one country's value by the other's rule.
 */
export const turkishCompanyFields = z.object({
  tradeName: nameLike(250),
  taxOffice: nameLike(100),
  vkn: vknSchema,
  mersis: mersisSchema,
  il: trProvinceSchema,
  ilce: nameLike(60),
  streetAddress: required(500),
  postcode: trPostalCodeSchema,
  authorisedName: nameLike(150),
  authorisedTckn: tcknSchema,
});

/** The postal code must be the province's: its first two digits are the il's plate code. */
/** Runs even when other fields failed (see `always` in kyc.ts); a malformed postcode is left to its own rule. */
export function postalCodeOfProvince(v: { il?: unknown; postcode?: unknown }, ctx: z.RefinementCtx) {
  const plate = typeof v.il === 'string' && v.il ? plateOfProvince(v.il) : null;
  const postcode = typeof v.postcode === 'string' ? v.postcode : '';
  if (plate && /^\d{5}$/.test(postcode) && postcode.slice(0, 2) !== plate)
    ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'trPostalCodeProvince' });
}

export const turkishCompanyIdentitySchema = turkishCompanyFields.superRefine(postalCodeOfProvince, { when: () => true });

/**
 * What the company is paid into, by N Kolay directly: a recorded fact of the profile, never a
 * Dargah payout account (Dargah pays no lira out).
 */
export const turkishCompanyFinancialFields = z.object({ iban: trIbanSchema });
export const turkishCompanyFinancialSchema = turkishCompanyFinancialFields;

export type TurkishCompanyIdentity = z.output<typeof turkishCompanyIdentitySchema>;
