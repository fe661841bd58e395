import { z } from 'zod';

/** An authenticator code (6 digits) or a recovery code (`abcde-12345`); lib tells which. */
export const twoFactorCodeSchema = z
  .string()
  .trim()
  .min(6, 'twoFactorCodeRequired')
  .max(20, 'twoFactorCodeInvalid')
  .regex(/^[A-Za-z0-9 -]+$/, 'twoFactorCodeInvalid');

export const twoFactorCodeInputSchema = z.object({ code: twoFactorCodeSchema });
export const twoFactorLoginSchema = z.object({ code: twoFactorCodeSchema, remember: z.boolean() });
export const twoFactorDisableSchema = z.object({ password: z.string().min(1, 'required').max(200), code: twoFactorCodeSchema });
