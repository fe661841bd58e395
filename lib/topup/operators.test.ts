import { describe, expect, it } from 'vitest';
import { detectOperator, normalizeIranMobile } from './operators';
import type { Operator } from './provider';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
const op = (m: string) => detectOperator(m)?.operator ?? null;

describe('operator detection by prefix', () => {
  const families: [Operator, string[]][] = [
    ['mci', [...range(910, 919), ...range(990, 996)]],
    ['irancell', ['930', '933', ...range(935, 939), ...range(900, 905), '941']],
    ['rightel', range(920, 923)],
    ['taliya', ['932']],
    ['telekish', ['934']],
    ['shatel', ['9981', '9982', '9989']],
    ['aptel', ['99910', '99911', '99913', '99914']],
    ['samantel', ['99990', '99999']],
  ];
  for (const [operator, prefixes] of families) {
    it(`${operator}: ${prefixes.join(', ')}`, () => {
      for (const p of prefixes) {
        const national = (p + '1234567').slice(0, 10);
        expect(op(`0${national}`), p).toBe(operator);
      }
    });
  }

  it('MVNOs by five-digit prefix: 999 outside ApTel and SamanTel is no operator we sell to', () => {
    for (const p of ['99900', '99912', '99915', '99920', '99980']) expect(op(`0${p}12345`), p).toBeNull();
  });

  it('numbers of no operator', () => {
    for (const p of ['906', '907', '908', '909', '924', '925', '931', '940', '942', '944', '950', '960', '970', '980', '997'])
      expect(op(`0${p}1234567`), p).toBeNull();
  });

  it('prepaid / postpaid hints where the prefix tells', () => {
    expect(detectOperator('09121234567')).toEqual({ operator: 'mci', simHint: 'postpaid' });
    expect(detectOperator('09191234567')).toEqual({ operator: 'mci', simHint: 'prepaid' });
    expect(detectOperator('09901234567')).toEqual({ operator: 'mci', simHint: 'prepaid' });
    expect(detectOperator('09201234567')).toEqual({ operator: 'rightel', simHint: 'postpaid' });
    expect(detectOperator('09211234567')).toEqual({ operator: 'rightel', simHint: 'prepaid' });
    expect(detectOperator('09351234567')).toEqual({ operator: 'irancell', simHint: null });
    expect(detectOperator('09991012345')).toEqual({ operator: 'aptel', simHint: null });
  });

  it('every usual form of a number: +98, 0098, 98, 0, bare, Persian and Arabic digits, spaces and dashes', () => {
    for (const m of [
      '09121234567',
      '9121234567',
      '+989121234567',
      '00989121234567',
      '989121234567',
      '+98 912 123 4567',
      '0912-123-4567',
      '(0912) 123 4567',
      '۰۹۱۲۱۲۳۴۵۶۷',
      '٠٩١٢١٢٣٤٥٦٧',
      '+۹۸۹۱۲۱۲۳۴۵۶۷',
      ' 09121234567 ',
    ]) {
      expect(normalizeIranMobile(m), m).toBe('09121234567');
      expect(op(m), m).toBe('mci');
    }
    expect(op('۰۹۹۹۹۹۱۲۳۴۵')).toBe('samantel');
  });

  it('junk is null, never a throw', () => {
    for (const m of [
      '',
      '0',
      '0912123456',
      '091212345678',
      '08121234567',
      '+18121234567',
      '0098912123456',
      'abc09121234567',
      '0912123456x',
      '09121234567\n1',
      '+98+9121234567',
      '9'.repeat(10_000),
      '0'.repeat(10_000),
      '۰'.repeat(10_000),
      '0912 1234567'.repeat(1000),
    ]) {
      expect(normalizeIranMobile(m), m.slice(0, 30)).toBeNull();
      expect(detectOperator(m), m.slice(0, 30)).toBeNull();
    }
    for (const v of [null, undefined, 9121234567, {}, []]) expect(detectOperator(v as unknown as string)).toBeNull();
  });
});
