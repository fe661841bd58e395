import { describe, expect, it } from 'vitest';
import { identifierSchema, loginSchema, mobileSchema, requestEmailSignupCodeSchema } from './auth';
import { emailAddressSchema, normalizeTurkishMobile, turkishMobileSchema } from './mobile-tr';

describe('Turkish mobiles', () => {
  it('normalises the usual ways of writing one to E.164', () => {
    for (const raw of ['+90 532 123 45 67', '0090 532 123 4567', '90 532 1234567', '0532 123 45 67', '(532) 123-45-67', '۰۵۳۲۱۲۳۴۵۶۷']) {
      expect(normalizeTurkishMobile(raw)).toBe('+905321234567');
    }
  });

  it('refuses landlines, short numbers and Iranian mobiles', () => {
    for (const raw of ['+90 212 123 45 67', '0532 123 45', '09121234567', '+98 912 123 4567']) {
      expect(normalizeTurkishMobile(raw)).toBeNull();
    }
    expect(turkishMobileSchema.safeParse('09121234567').error?.issues[0].message).toBe('mobileTrInvalid');
  });

  it('stays out of the Iranian paths: the Iranian sign-up still calls it foreign', () => {
    expect(mobileSchema.safeParse('+90 532 123 45 67').error?.issues[0].message).toBe('mobileForeign');
  });
});

describe('identifiers', () => {
  it('reads a mobile of either country or a lower-cased address', () => {
    expect(identifierSchema.parse('0912 123 4567')).toBe('09121234567');
    expect(identifierSchema.parse('+90 532 123 45 67')).toBe('+905321234567');
    expect(identifierSchema.parse('  Firma@Example.COM.tr ')).toBe('firma@example.com.tr');
    expect(identifierSchema.safeParse('not-an-address@').error?.issues[0].message).toBe('identifierInvalid');
    expect(identifierSchema.safeParse('12345').error?.issues[0].message).toBe('identifierInvalid');
    expect(loginSchema.parse({ mobile: 'A@B.co', password: 'x' }).mobile).toBe('a@b.co');
  });

  it('asks a Turkish company for a valid address and a Turkish mobile', () => {
    expect(emailAddressSchema.safeParse('').error?.issues[0].message).toBe('required');
    expect(emailAddressSchema.safeParse('a b@c.com').error?.issues[0].message).toBe('emailInvalid');
    const r = requestEmailSignupCodeSchema.safeParse({ email: 'X@Y.com', mobile: '0532 123 45 67' });
    expect(r.data).toEqual({ email: 'x@y.com', mobile: '+905321234567' });
  });
});
