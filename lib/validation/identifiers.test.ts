import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardMatchesSheba,
  bankOfSheba,
  normalizeCardNumber,
  normalizeLandline,
  normalizeLegalId,
  normalizeNationalCode,
  normalizePostalCode,
  normalizeSheba,
} from './identifiers';

// Reference implementations written from the published algorithms, used to compute the test
// vectors and to cross-check the library the app uses.
function refNationalCode(s: string): boolean {
  if (!/^\d{10}$/.test(s) || /^(\d)\1{9}$/.test(s)) return false;
  const sum = [...s.slice(0, 9)].reduce((a, d, i) => a + Number(d) * (10 - i), 0);
  const r = sum % 11;
  const check = Number(s[9]);
  return r < 2 ? check === r : check === 11 - r;
}
function nationalCodeWithCheck(nine: string): string {
  const r = [...nine].reduce((a, d, i) => a + Number(d) * (10 - i), 0) % 11;
  return nine + String(r < 2 ? r : 11 - r);
}
const LEGAL_COEF = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];
function legalCheck(ten: string): number {
  const dec = Number(ten[9]) + 2;
  const r = [...ten].reduce((a, d, i) => a + (Number(d) + dec) * LEGAL_COEF[i], 0) % 11;
  return r === 10 ? 0 : r;
}
function refLegalId(s: string): boolean {
  return /^\d{11}$/.test(s) && legalCheck(s.slice(0, 10)) === Number(s[10]);
}
function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}
function shebaFor(bban22: string): string {
  const check = 98 - mod97(`${bban22}182700`);
  return `IR${String(check).padStart(2, '0')}${bban22}`;
}
function refSheba(s: string): boolean {
  return /^IR\d{24}$/.test(s) && mod97(`${s.slice(4)}1827${s.slice(2, 4)}`) === 1;
}
function luhnWithCheck(fifteen: string): string {
  const sum = [...fifteen].reduce((a, ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    return a + d;
  }, 0);
  return fifteen + String((10 - (sum % 10)) % 10);
}
function refLuhn(s: string): boolean {
  return /^\d{16}$/.test(s) && luhnWithCheck(s.slice(0, 15)) === s;
}
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const fa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

describe('national code (کد ملی)', () => {
  it('accepts computed valid codes, with Persian digits and dashes too', () => {
    for (const nine of ['008457594', '001234567', '123456789', '471000021']) {
      const code = nationalCodeWithCheck(nine);
      expect(normalizeNationalCode(code)).toBe(code);
      expect(normalizeNationalCode(fa(code))).toBe(code);
      expect(normalizeNationalCode(`${code.slice(0, 3)}-${code.slice(3, 9)}-${code[9]}`)).toBe(code);
    }
    expect(normalizeNationalCode('0084575948')).toBe('0084575948');
  });

  it('refuses wrong check digits, wrong lengths and repeated digits', () => {
    for (const bad of ['0084575949', '008457594', '00845759480', '1111111111', '0000000000', 'abcdefghij', '']) expect(normalizeNationalCode(bad)).toBeNull();
  });

  it('agrees with the reference on any 10-digit string, and never throws on junk', () => {
    fc.assert(fc.property(digits(10), (s) => (normalizeNationalCode(s) !== null) === refNationalCode(s)));
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        normalizeNationalCode(s);
      }),
    );
  });

  it('refuses a valid code with one digit changed, but for the collisions the algorithm allows', () => {
    // Remainders 1 and 10 both give check digit 1, so a changed digit escapes now and then.
    let escaped = 0;
    let tried = 0;
    fc.assert(
      fc.property(digits(9), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (nine, pos, delta) => {
        const code = nationalCodeWithCheck(nine);
        const changed = code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
        tried++;
        if (normalizeNationalCode(changed) !== null) escaped++;
        expect(normalizeNationalCode(changed) !== null).toBe(refNationalCode(changed));
        // The check digit itself is never forgiven.
        if (pos === 9) expect(normalizeNationalCode(changed)).toBeNull();
      }),
      { numRuns: 3000 },
    );
    expect(escaped / tried).toBeLessThan(0.1);
  });
});

describe('legal national id (شناسه ملی)', () => {
  it('accepts computed valid ids and refuses changed ones', () => {
    for (const ten of ['1038028479', '1010035047', '1410000123']) {
      const id = ten + String(legalCheck(ten));
      expect(normalizeLegalId(id)).toBe(id);
      expect(normalizeLegalId(fa(id))).toBe(id);
      expect(normalizeLegalId(ten + String((legalCheck(ten) + 1) % 10))).toBeNull();
    }
    for (const bad of ['1038028479', '103802847900', '', 'x'.repeat(11)]) expect(normalizeLegalId(bad)).toBeNull();
  });

  it('agrees with the reference on any 11-digit string', () => {
    fc.assert(fc.property(digits(11), (s) => (normalizeLegalId(s) !== null) === refLegalId(s)));
  });

  it('one changed digit collides at about the rate the algorithm allows', () => {
    // With a mod-11 check, a random change escapes about 1 time in 11 or less.
    let escaped = 0;
    let tried = 0;
    fc.assert(
      fc.property(digits(10), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (ten, pos, delta) => {
        const id = ten + String(legalCheck(ten));
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        tried++;
        if (normalizeLegalId(changed) !== null) escaped++;
        expect(normalizeLegalId(changed) !== null).toBe(refLegalId(changed));
      }),
      { numRuns: 2000 },
    );
    expect(escaped / tried).toBeLessThan(0.12);
  });
});

describe('sheba (IBAN)', () => {
  it('accepts computed valid shebas with or without IR, in any case and digits, and names the bank', () => {
    const s = shebaFor('0540102680020817909002');
    expect(s).toBe('IR820540102680020817909002');
    expect(normalizeSheba(s)).toBe(s);
    expect(normalizeSheba(s.slice(2))).toBe(s);
    expect(normalizeSheba(`ir${fa(s.slice(2))}`)).toBe(s);
    expect(normalizeSheba('IR82 0540 1026 8002 0817 9090 02')).toBe(s);
    expect(bankOfSheba(s)?.name).toBe('بانک پارسیان');
    expect(bankOfSheba(shebaFor(`017${'0'.repeat(19)}`))?.name).toBe('بانک ملی ایران');
  });

  it('refuses a wrong check, a wrong country and wrong lengths', () => {
    for (const bad of ['IR830540102680020817909002', 'DE820540102680020817909002', 'IR8205401026800208179090', '', 'IR'])
      expect(normalizeSheba(bad)).toBeNull();
  });

  it('agrees with the reference, and mod 97 catches every single-digit change', () => {
    fc.assert(fc.property(digits(24), (d) => (normalizeSheba(`IR${d}`) !== null) === refSheba(`IR${d}`)));
    fc.assert(
      fc.property(digits(22), fc.integer({ min: 2, max: 25 }), fc.integer({ min: 1, max: 9 }), (bban, pos, delta) => {
        const s = shebaFor(bban);
        const changed = s.slice(0, pos) + String((Number(s[pos]) + delta) % 10) + s.slice(pos + 1);
        return normalizeSheba(changed) === null;
      }),
    );
  });
});

describe('card number', () => {
  it('accepts Luhn-valid numbers and refuses a changed digit', () => {
    const card = luhnWithCheck('603770168909544');
    expect(card).toBe('6037701689095443');
    expect(normalizeCardNumber(fa('6037-7016-8909-5443'))).toBe(card);
    expect(normalizeCardNumber('6037701689095444')).toBeNull();
    expect(normalizeCardNumber('603770168909544')).toBeNull();
  });

  it('agrees with the reference on any 16-digit string', () => {
    fc.assert(fc.property(digits(16), (s) => (normalizeCardNumber(s) !== null) === refLuhn(s)));
  });

  it('must belong to the sheba’s bank', () => {
    const keshavarzi = shebaFor(`016${'1'.repeat(19)}`);
    const parsian = shebaFor(`054${'1'.repeat(19)}`);
    const card = luhnWithCheck('603770123456789'); // 603770: Keshavarzi
    expect(cardMatchesSheba(card, keshavarzi)).toBe(true);
    expect(cardMatchesSheba(card, parsian)).toBe(false);
    // The two lists spell some banks differently; the comparison sees through it.
    expect(cardMatchesSheba(luhnWithCheck('507677123456789'), shebaFor(`080${'1'.repeat(19)}`))).toBe(true);
  });
});

describe('postal code and landline', () => {
  it('postal codes', () => {
    expect(normalizePostalCode('1193653471')).toBe('1193653471');
    expect(normalizePostalCode(fa('11936-53471'))).toBe('1193653471');
    for (const bad of ['0193653471', '1111153471', '119365347', '2193653471', '1193253471']) expect(normalizePostalCode(bad)).toBeNull();
  });

  it('landlines', () => {
    expect(normalizeLandline('021-88776655')).toBe('02188776655');
    expect(normalizeLandline('+98 21 8877 6655')).toBe('02188776655');
    expect(normalizeLandline(fa('03132223344'))).toBe('03132223344');
    for (const bad of ['09121234567', '2188776655', '021887766', '']) expect(normalizeLandline(bad)).toBeNull();
  });

  it('never throw on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        normalizePostalCode(s);
        normalizeLandline(s);
        normalizeSheba(s);
        normalizeCardNumber(s);
        normalizeLegalId(s);
      }),
    );
  });
});
