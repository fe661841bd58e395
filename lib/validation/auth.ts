import { isPhoneNumberValid } from '@persian-tools/persian-tools';
import { z } from 'zod';
import { toAsciiDigits } from './digits';
import { emailAddressSchema, normalizeTurkishMobile, turkishMobileSchema } from './mobile-tr';
import { refuse, requiredLine } from './shared';
import { CONTROL_CHARS, singleLine } from './text';

/**
 * Shared by the forms and the server actions. Messages are keys under `errors.*` in the
 * message catalogues, so the same schema yields Persian or English text on the field.
 */

/** `09xxxxxxxxx` from any of 09…, 9…, +98…, 0098…, with Persian/Arabic digits, spaces or dashes. */
export function normalizeMobile(raw: string): string | null {
  const s = toAsciiDigits(raw).replace(/[\s\-().\u200c\u200f\u200e]/g, '');
  let local: string;
  if (/^\+98\d{10}$/.test(s)) local = s.slice(3);
  else if (/^0098\d{10}$/.test(s)) local = s.slice(4);
  else if (/^98\d{10}$/.test(s)) local = s.slice(2);
  else if (/^09\d{9}$/.test(s)) local = s.slice(1);
  else if (/^9\d{9}$/.test(s)) local = s;
  else return null;
  const mobile = `0${local}`;
  return isPhoneNumberValid(mobile) ? mobile : null;
}

export const mobileSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .max(40, 'mobileInvalid')
  .transform((raw, ctx) => {
    const trimmed = raw.trim();
    if (trimmed === '') return refuse(ctx, 'required');
    const mobile = normalizeMobile(trimmed);
    if (mobile) return mobile;
    const compact = toAsciiDigits(trimmed).replace(/[\s\-()]/g, '');
    return refuse(ctx, /^(\+|00)(?!98)\d+$/.test(compact) ? 'mobileForeign' : 'mobileInvalid');
  });

export const codeSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .max(20, 'codeFormat')
  .transform((raw, ctx) => {
    const code = toAsciiDigits(raw).replace(/\s/g, '');
    if (code === '') return refuse(ctx, 'required');
    return /^\d{5,6}$/.test(code) ? code : refuse(ctx, 'codeFormat');
  });

/** Length only, as NIST 800-63B advises; the common-password list is checked on the server. */
export const newPasswordSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .min(1, 'required')
  .min(8, 'passwordTooShort')
  .max(128, 'passwordTooLong');

/** No control-character rule: a password set before the rule must still sign in (it is only hashed, never stored). */

const currentPasswordSchema = z.string({ error: 'required' }).min(1, 'required').max(128, 'passwordTooLong');

const nameSchema = requiredLine(100).regex(/^[\p{L}\p{M}\s\u200c'’-]+$/u, 'nameInvalid');

/**
 * What a person signs in or resets a password with: an Iranian mobile (`09…`), a Turkish mobile
 * (`+905…`) or a lower-cased e-mail address. Anything with an `@` is read as an address.
 */
export function normalizeIdentifier(raw: string): string | null {
  const s = raw.trim();
  if (!s.includes('@')) return normalizeMobile(s) ?? normalizeTurkishMobile(s);
  const email = s.toLowerCase();
  return email.length <= 254 && z.email().safeParse(email).success ? email : null;
}

export function isEmailIdentifier(identifier: string): boolean {
  return identifier.includes('@');
}

export const identifierSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .max(254, 'identifierInvalid')
  .transform((raw, ctx) => {
    if (raw.trim() === '') return refuse(ctx, 'required');
    return normalizeIdentifier(raw) ?? refuse(ctx, 'identifierInvalid');
  });

/** Sign-up, Iran: the code goes by SMS to the mobile. */
export const requestCodeSchema = z.object({ mobile: mobileSchema });
/** Sign-up, Türkiye: the code goes to the e-mail address (the mobile cannot get our SMS). */
export const requestEmailSignupCodeSchema = z.object({ email: emailAddressSchema, mobile: turkishMobileSchema });
/** "Resend code" on the Turkish sign-up: the address the first code went to. */
export const resendEmailSignupCodeSchema = z.object({ mobile: emailAddressSchema });
/** Forgot password: any identifier; the code goes to the account's mobile (Iranian) and/or e-mail. */
export const requestResetCodeSchema = z.object({ mobile: identifierSchema });
/** `mobile` is what the code is bound to: the mobile, or the e-mail address, step 1 answered with. */
export const verifyCodeSchema = z.object({ mobile: identifierSchema, code: codeSchema });
export const completeSignupSchema = z.object({
  firstName: nameSchema,
  lastName: nameSchema,
  password: newPasswordSchema,
});
/** `mobile` keeps its name for forms and tests written before e-mail sign-in; it takes any identifier. */
export const loginSchema = z.object({ mobile: identifierSchema, password: currentPasswordSchema });
/** The login form: the credentials, and where to go afterwards (checked again before it is used). */
export const loginFormSchema = loginSchema.extend({ callbackUrl: z.string().max(2000).optional().catch(undefined) });
/** Sign-up step 3 of a Turkish company: its Turkish mobile rides along from step 1. */
export const completeEmailSignupSchema = completeSignupSchema.extend({ mobile: turkishMobileSchema });
export const completeResetSchema = z.object({ password: newPasswordSchema });
export const changePasswordSchema = z.object({
  currentPassword: currentPasswordSchema,
  newPassword: newPasswordSchema,
});
