import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammDigit, generateTrackingCode, isValidTrackingCode } from '@/lib/payments/tracking';
import { formatAmount, formatMoney, MAX_RIALS, parseAmount } from './index';
import { amountSchema } from './schema';

describe('amounts', () => {
  it.each([
    ['125000', 125_000n],
    ['۱۲۵٬۰۰۰', 125_000n],
    ['١٢٥,٠٠٠', 125_000n],
    ['125,000.00', 125_000n],
    [' 1 000 ', 1_000n],
  ])('reads %j as %s Rials', (raw, want) => {
    expect(parseAmount(raw)).toEqual({ ok: true, rials: want });
  });

  it.each([
    ['', 'required'],
    ['0', 'amountNotPositive'],
    ['-5', 'amountNotPositive'],
    ['12.5', 'amountFractional'],
    ['12abc', 'amountInvalid'],
    ['1e6', 'amountInvalid'],
    ['12345678901234567890', 'amountTooLarge'],
    ['1000000000000001', 'amountTooLarge'],
  ])('refuses %j with %s', (raw, error) => {
    expect(parseAmount(raw)).toEqual({ ok: false, error });
  });

  it('applies the unit, the minimum and the maximum', () => {
    expect(parseAmount('12500', { unit: 'toman' })).toEqual({ ok: true, rials: 125_000n });
    expect(parseAmount('999', { min: 1_000n })).toEqual({ ok: false, error: 'amountBelowMin' });
    expect(parseAmount('5000', { max: 4_000n })).toEqual({ ok: false, error: 'amountAboveMax' });
    expect(amountSchema().safeParse(0.5).success).toBe(false);
    expect(amountSchema().parse(1500)).toBe(1500n);
    expect(amountSchema().safeParse(2 ** 60).error?.issues[0].message).toBe('amountTooLarge');
  });

  it('never throws, and what it accepts is a positive whole number of Rials within bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = parseAmount(s);
        if (r.ok) expect(r.rials > 0n && r.rials <= MAX_RIALS).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_RIALS }), (n) => parseAmount(n.toString()).ok && (parseAmount(n.toString()) as { rials: bigint }).rials === n),
    );
  });

  it('shows Rials and Toman in each language', () => {
    expect(formatAmount(1_250_000n, 'fa')).toBe('۱٬۲۵۰٬۰۰۰ ریال');
    expect(formatAmount(1_250_000n, 'fa', 'toman')).toBe('۱۲۵٬۰۰۰ تومان');
    expect(formatAmount(1_250_005n, 'en', 'toman')).toBe('125,000.5 Toman');
    expect(formatAmount(1_250_000n, 'en')).toBe('1,250,000 Rials');
    expect(formatAmount(-500n, 'en')).toBe('−500 Rials');
    // One formatter for any currency: Rials as before, lira from kuruş, exact.
    expect(formatMoney(1_250_000n, 'IRR', 'fa', 'toman')).toBe('۱۲۵٬۰۰۰ تومان');
    expect(formatMoney(1_234_567n, 'TRY', 'en')).toBe('₺12,345.67');
    expect(formatMoney(1_234_507n, 'TRY', 'fa')).toBe('۱۲٬۳۴۵٫۰۷ لیر');
    expect(formatMoney(-5n, 'TRY', 'en')).toBe('−₺0.05');
  });

  it('shows lira, Rials and Toman in Turkish: dot thousands, comma decimals', () => {
    expect(formatMoney(123_456n, 'TRY', 'tr')).toBe('₺1.234,56');
    expect(formatMoney(123_456_789n, 'TRY', 'tr')).toBe('₺1.234.567,89');
    expect(formatMoney(-5n, 'TRY', 'tr')).toBe('−₺0,05');
    expect(formatMoney(0n, 'TRY', 'tr')).toBe('₺0,00');
    expect(formatAmount(1_250_000n, 'tr')).toBe('1.250.000 Riyal');
    expect(formatAmount(1_250_000n, 'tr', 'toman')).toBe('125.000 Tümen');
    expect(formatAmount(1_250_005n, 'tr', 'toman')).toBe('125.000,5 Tümen');
    expect(formatAmount(-500n, 'tr')).toBe('−500 Riyal');
    expect(formatMoney(1_250_000n, 'IRR', 'tr')).toBe('1.250.000 Riyal');
    // Persian digits stay Persian's own.
    expect(formatMoney(123_456n, 'TRY', 'tr')).not.toMatch(/[۰-۹]/);
  });

  it('reads dot-grouped amounts as Turkish types them, but a lone dot stays a decimal point', () => {
    expect(parseAmount('1.250.000')).toEqual({ ok: true, rials: 1_250_000n });
    expect(parseAmount('12.500.000', { unit: 'toman' })).toEqual({ ok: true, rials: 125_000_000n });
    expect(parseAmount('1.250')).toEqual({ ok: false, error: 'amountFractional' });
    expect(parseAmount('1.25.000')).toEqual({ ok: false, error: 'amountInvalid' });
  });
});

describe('tracking codes', () => {
  it('are 11 digits with a Damm check digit', () => {
    for (let i = 0; i < 100; i++) {
      const c = generateTrackingCode();
      expect(c).toMatch(/^[1-9]\d{10}$/);
      expect(isValidTrackingCode(c)).toBe(true);
    }
    expect(dammDigit('572')).toBe(4); // the algorithm's published example
  });

  it('catch every single-digit error and every adjacent swap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const c = generateTrackingCode();
        const changed = c.slice(0, pos) + String((Number(c[pos]) + delta) % 10) + c.slice(pos + 1);
        return !isValidTrackingCode(changed);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), (pos) => {
        const c = generateTrackingCode();
        fc.pre(c[pos] !== c[pos + 1]);
        const swapped = c.slice(0, pos) + c[pos + 1] + c[pos] + c.slice(pos + 2);
        return !isValidTrackingCode(swapped);
      }),
    );
  });
});
