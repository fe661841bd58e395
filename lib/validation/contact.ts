import { z } from 'zod';

/**
 * An optional e-mail address as forms and the API send it: absent, null or blank is none; else at
 * most 200 characters of a valid address (`emailInvalid`). Shared by the IVR invoice and the split
 * invoice's payer.
 */
export const optionalEmail = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    const s = v?.trim() ?? '';
    if (!s) return null;
    if (s.length > 200 || !z.email().safeParse(s).success) {
      ctx.addIssue({ code: 'custom', message: 'emailInvalid' });
      return z.NEVER;
    }
    return s;
  });
