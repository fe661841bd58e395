import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bankCodeOfTrIban,
  formatTrIban,
  mersisSchema,
  normalizeMersis,
  normalizeTckn,
  normalizeTrIban,
  normalizeTrMobile,
  normalizeTrPostalCode,
  normalizeVkn,
  plateOfProvince,
  TR_PROVINCES,
  tcknSchema,
  trIbanSchema,
  trMobileSchema,
  turkishCompanyIdentitySchema,
  vknSchema,
} from './turkey';

// Reference implementations written independently from the published algorithms (the VKN one
// in python-stdnum's shape: positions counted from the right), used to compute the test vectors
// and to cross-check the module.
function refVkn(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  let sum = 0;
  [...s.slice(0, 9)].reverse().forEach((ch, j) => {
    const i = j + 1;
    const c1 = (Number(ch) + i) % 10;
    if (c1) sum += (c1 * 2 ** i) % 9 || 9;
  });
  return String((10 - (sum % 10)) % 10) === s[9];
}
function refTckn(s: string): boolean {
  if (!/^[1-9]\d{10}$/.test(s)) return false;
  const d = [...s].map(Number);
  const ten = (7 * (d[0] + d[2] + d[4] + d[6] + d[8]) - (d[1] + d[3] + d[5] + d[7]) + 100) % 10;
  const eleven = d.slice(0, 10).reduce((a, b) => a + b, 0) % 10;
  return d[9] === ten && d[10] === eleven;
}
function refIban(s: string): boolean {
  if (!/^TR\d{24}$/.test(s)) return false;
  // Moved and letters as numbers (T=29, R=27), then checked by BigInt: no piecewise arithmetic to share a bug with.
  return BigInt(`${s.slice(4)}2927${s.slice(2, 4)}`) % 97n === 1n;
}

/** The same number with the digit at `i` turned into another one. */
const changeDigit = (s: string, i: number) => s.slice(0, i) + String((Number(s[i]) + 1) % 10) + s.slice(i + 1);
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

// Valid by their checksums (checked below against the reference code).
const VKN = ['4540536920', '1234567890', '0000000001', '9876543217', '3130058729'];
const TCKN = ['10000000146', '12345678950', '28745639880', '35421698772'];
// The first is the example of the SWIFT IBAN registry; the second computed with trIbanFor.
const IBAN = ['TR330006100519786457841326', 'TR180006200119000006672315'];

describe('vergi kimlik numarası (VKN)', () => {
  it('accepts valid numbers, tolerating spaces and Persian digits', () => {
    for (const v of VKN) {
      expect(refVkn(v)).toBe(true);
      expect(normalizeVkn(v)).toBe(v);
    }
    expect(normalizeVkn('454 053 6920')).toBe('4540536920');
    expect(normalizeVkn('۴۵۴۰۵۳۶۹۲۰')).toBe('4540536920');
  });

  it('refuses a valid number with any one digit changed', () => {
    for (const v of VKN) for (let i = 0; i < 10; i++) expect(normalizeVkn(changeDigit(v, i)), `${v} at ${i}`).toBeNull();
  });

  it('refuses junk', () => {
    for (const junk of ['', '454053692', '45405369201', 'abcdefghij', '45405369a0', '4540536920x', '4540536920/']) expect(normalizeVkn(junk), junk).toBeNull();
  });

  it('agrees with the reference on any 10 digits', () => {
    fc.assert(fc.property(digits(10), (s) => (normalizeVkn(s) !== null) === refVkn(s)));
  });

  it('as a schema: required, and the localised key when wrong', () => {
    expect(vknSchema.parse(' 4540536920 ')).toBe('4540536920');
    expect(vknSchema.safeParse('4540536921').error?.issues[0].message).toBe('vknInvalid');
    expect(vknSchema.safeParse('').error?.issues[0].message).toBe('required');
  });
});

describe('T.C. kimlik numarası', () => {
  it('accepts valid numbers', () => {
    for (const v of TCKN) {
      expect(refTckn(v)).toBe(true);
      expect(normalizeTckn(v)).toBe(v);
    }
    expect(normalizeTckn('100 000 001 46')).toBe('10000000146');
  });

  it('refuses a valid number with any one digit changed', () => {
    for (const v of TCKN) for (let i = 0; i < 11; i++) expect(normalizeTckn(changeDigit(v, i)), `${v} at ${i}`).toBeNull();
  });

  it('refuses a leading zero even when the check digits add up, and junk', () => {
    // 0 + nine digits with check digits computed as if the first were allowed to be 0.
    expect(normalizeTckn('01234567890')).toBeNull();
    for (const junk of ['', '1000000014', '100000001466', '1000000014a', 'TC10000000146']) expect(normalizeTckn(junk), junk).toBeNull();
  });

  it('agrees with the reference on any 11 digits', () => {
    fc.assert(fc.property(digits(11), (s) => (normalizeTckn(s) !== null) === refTckn(s)));
  });

  it('as a schema', () => {
    expect(tcknSchema.parse('10000000146')).toBe('10000000146');
    expect(tcknSchema.safeParse('10000000147').error?.issues[0].message).toBe('tcknInvalid');
  });
});

describe('Turkish IBAN', () => {
  it('accepts valid IBANs in any spacing and case, and reads the bank code (characters 5–9)', () => {
    for (const v of IBAN) {
      expect(refIban(v)).toBe(true);
      expect(normalizeTrIban(v)).toBe(v);
    }
    expect(normalizeTrIban('tr33 0006 1005 1978 6457 8413 26')).toBe(IBAN[0]);
    expect(bankCodeOfTrIban(IBAN[0])).toBe('00061');
    expect(bankCodeOfTrIban(IBAN[1])).toBe('00062');
    expect(formatTrIban(IBAN[0])).toBe('TR33 0006 1005 1978 6457 8413 26');
  });

  it('refuses a valid IBAN with any one digit changed', () => {
    for (const v of IBAN) for (let i = 2; i < 26; i++) expect(normalizeTrIban(changeDigit(v, i)), `${v} at ${i}`).toBeNull();
  });

  it('refuses another country, a wrong length and junk', () => {
    // A valid Iranian sheba: right checksum, wrong country.
    for (const junk of [
      '',
      'IR820540102680020817909002',
      'TR33000610051978645784132',
      'TR3300061005197864578413266',
      'TR33ABCD100519786457841326',
      'GB82WEST12345698765432',
    ])
      expect(normalizeTrIban(junk), junk).toBeNull();
  });

  it('agrees with the reference on any 24 digits', () => {
    fc.assert(fc.property(digits(24), (s) => (normalizeTrIban(`TR${s}`) !== null) === refIban(`TR${s}`)));
  });

  it('as a schema', () => {
    expect(trIbanSchema.safeParse('TR330006100519786457841327').error?.issues[0].message).toBe('trIbanInvalid');
  });
});

describe('MERSİS number', () => {
  it('is optional, and 16 digits when given', () => {
    expect(mersisSchema.parse('')).toBe('');
    expect(mersisSchema.parse('0454 0536 9200 0019')).toBe('0454053692000019');
    expect(normalizeMersis('045405369200001')).toBeNull();
    expect(normalizeMersis('04540536920000190')).toBeNull();
    expect(mersisSchema.safeParse('0454053692000O19').error?.issues[0].message).toBe('mersisInvalid');
  });
});

describe('Turkish mobile', () => {
  it('accepts the usual ways of writing it and normalises to +905xxxxxxxxx', () => {
    for (const raw of [
      '0532 123 45 67',
      '532 123 45 67',
      '5321234567',
      '+90 532 123 45 67',
      '+905321234567',
      '00905321234567',
      '905321234567',
      '(0532) 123-45-67',
    ])
      expect(normalizeTrMobile(raw), raw).toBe('+905321234567');
    expect(trMobileSchema.parse('0 532 123 45 67')).toBe('+905321234567');
  });

  it('refuses landlines, Iranian mobiles, wrong lengths and junk', () => {
    for (const junk of ['0212 123 45 67', '09121234567', '+989121234567', '532 123 45 6', '0532 123 45 678', 'phone', ''])
      expect(normalizeTrMobile(junk), junk).toBeNull();
    expect(trMobileSchema.safeParse('0212 123 45 67').error?.issues[0].message).toBe('trMobileInvalid');
  });
});

describe('address in Turkey', () => {
  it('knows the 81 provinces by their plate codes, 01 to 81 in order', () => {
    expect(TR_PROVINCES).toHaveLength(81);
    expect(TR_PROVINCES.map(([plate]) => Number(plate))).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
    expect(plateOfProvince('İstanbul')).toBe('34');
    expect(plateOfProvince('Ankara')).toBe('06');
    expect(plateOfProvince('Tehran')).toBeNull();
  });

  it('takes a postal code of 5 digits starting with a plate code', () => {
    expect(normalizeTrPostalCode('34000')).toBe('34000');
    expect(normalizeTrPostalCode('06 100')).toBe('06100');
    for (const junk of ['00100', '82000', '3400', '340000', 'abcde']) expect(normalizeTrPostalCode(junk), junk).toBeNull();
  });

  const company = {
    tradeName: 'Örnek Yazılım Sanayi ve Ticaret A.Ş.',
    taxOffice: 'Kadıköy',
    vkn: '4540536920',
    mersis: '',
    il: 'İstanbul',
    ilce: 'Kadıköy',
    streetAddress: 'Caferağa Mah. Moda Cad. No: 1',
    postcode: '34710',
    authorisedName: 'Ayşe Yılmaz',
    authorisedTckn: '10000000146',
  };

  it('checks the postal code against the province', () => {
    expect(turkishCompanyIdentitySchema.safeParse(company).success).toBe(true);
    const other = turkishCompanyIdentitySchema.safeParse({ ...company, postcode: '06100' });
    expect(other.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['postcode', 'trPostalCodeProvince']]);
    const unknown = turkishCompanyIdentitySchema.safeParse({ ...company, il: 'Tahran' });
    expect(unknown.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['il', 'trProvinceInvalid']]);
  });
});
