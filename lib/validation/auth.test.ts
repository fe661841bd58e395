import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '@/lib/result';
import { loginSchema, mobileSchema, codeSchema, completeSignupSchema, normalizeMobile } from './auth';

function errorOf(schema: typeof mobileSchema | typeof codeSchema, value: unknown) {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
}

describe('mobile numbers', () => {
  it.each([
    ['09121234567', '09121234567'],
    ['+989121234567', '09121234567'],
    ['00989121234567', '09121234567'],
    ['9121234567', '09121234567'],
    ['۰۹۱۲۱۲۳۴۵۶۷', '09121234567'],
    ['٠٩١٢١٢٣٤٥٦٧', '09121234567'],
    [' 0912 123 4567 ', '09121234567'],
    ['+98 912-123-4567', '09121234567'],
  ])('normalises %s', (raw, want) => {
    expect(mobileSchema.parse(raw)).toBe(want);
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['0912123456', 'mobileInvalid'],
    ['091212345678', 'mobileInvalid'],
    ['02112345678', 'mobileInvalid'],
    ['abc', 'mobileInvalid'],
    ['+14155552671', 'mobileForeign'],
    ['0044 7700 900123', 'mobileForeign'],
    ['9'.repeat(10_000), 'mobileInvalid'],
  ])('refuses %j with %s', (raw, message) => {
    expect(errorOf(mobileSchema, raw)).toBe(message);
  });

  it('refuses non-strings', () => {
    expect(errorOf(mobileSchema, undefined)).toBe('required');
    expect(errorOf(mobileSchema, 12)).toBe('required');
    expect(normalizeMobile('09001234567')).toBe('09001234567');
  });
});

describe('codes, names and passwords', () => {
  it('accepts Persian digits in codes and refuses other shapes', () => {
    expect(codeSchema.parse('۱۲۳۴۵')).toBe('12345');
    expect(errorOf(codeSchema, '')).toBe('required');
    expect(errorOf(codeSchema, '12a45')).toBe('codeFormat');
    expect(errorOf(codeSchema, '1234')).toBe('codeFormat');
    expect(errorOf(codeSchema, '1'.repeat(10_000))).toBe('codeFormat');
  });

  it('gives one message per field', () => {
    const r = completeSignupSchema.safeParse({ firstName: '', lastName: 'x'.repeat(10_000), password: 'short' });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsOf(r.error)).toEqual({ firstName: 'required', lastName: 'tooLong', password: 'passwordTooShort' });
    const long = completeSignupSchema.safeParse({ firstName: 'علی', lastName: 'O’Brien-Smith', password: 'p'.repeat(129) });
    if (!long.success) expect(fieldErrorsOf(long.error)).toEqual({ password: 'passwordTooLong' });
    expect(long.success).toBe(false);
    const bad = completeSignupSchema.safeParse({ firstName: '<script>', lastName: 'ok', password: 'long enough' });
    if (!bad.success) expect(fieldErrorsOf(bad.error)).toEqual({ firstName: 'nameInvalid' });
    expect(bad.success).toBe(false);
  });

  it('login needs both fields', () => {
    const r = loginSchema.safeParse({ mobile: '', password: '' });
    if (!r.success) expect(fieldErrorsOf(r.error)).toEqual({ mobile: 'required', password: 'required' });
    expect(r.success).toBe(false);
  });
});
