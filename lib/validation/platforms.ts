import { z } from 'zod';
import { checkOutboundUrl } from '@/lib/net/url';
import { toAsciiDigits } from './digits';
import { CONTROL_CHARS, singleLine } from './text';

export const platformTypes = ['website', 'app', 'bot', 'ivr', 'shop'] as const;

/**
 * An address the server calls or sends payers to: https only (http in development), no credentials,
 * and never an internal host or address (`localhost`, `127.1`, `10.0.0.1`, `[::1]`,
 * `metadata.google.internal`…): the same rules as the delivery-time check in `lib/net`.
 */
const callbackUrl = z
  .string()
  .trim()
  .refine(singleLine, CONTROL_CHARS)
  .max(300, 'tooLong')
  .superRefine((v, ctx) => {
    const verdict = checkOutboundUrl(v);
    if (!verdict.ok) ctx.addIssue({ code: 'custom', message: verdict.reason === 'notAllowed' ? 'urlNotAllowed' : 'urlInvalid' });
  });

/** Where webhooks go: https only, as callback URLs. */
export const webhookUrlSchema = callbackUrl.refine((v) => v.length > 0, 'required');

/** The address a platform type needs: a site URL, an app package, a bot handle, a phone line, a street address. */
function addressFits(type: (typeof platformTypes)[number], address: string): boolean {
  switch (type) {
    case 'website':
      return callbackUrl.safeParse(address).success;
    case 'app':
      return /^[a-zA-Z][\w]*(\.[a-zA-Z][\w]*)+$/.test(address);
    case 'bot':
      return /^@?[A-Za-z][A-Za-z0-9_]{3,63}$/.test(address);
    case 'ivr':
      return /^0\d{10}$|^\d{4,8}$/.test(toAsciiDigits(address).replace(/[\s-]/g, ''));
    case 'shop':
      return address.length >= 10;
  }
}

export const platformInputSchema = z
  .object({
    type: z.enum(platformTypes, { error: 'required' }),
    name: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(120, 'tooLong'),
    address: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(300, 'tooLong'),
    /** Rials; typed in any digits, commas allowed. */
    expectedMonthlyVolume: z
      .string({ error: 'required' })
      .refine(singleLine, CONTROL_CHARS)
      .transform((v, ctx) => {
        const s = toAsciiDigits(v).replace(/[,٬\s]/g, '');
        if (!/^\d{1,18}$/.test(s)) {
          ctx.addIssue({ code: 'custom', message: 'amountInvalid' });
          return z.NEVER;
        }
        return BigInt(s);
      }),
    callbackUrls: z.array(callbackUrl).max(10, 'tooMany').default([]),
  })
  .superRefine((v, ctx) => {
    if (v.address && !addressFits(v.type, v.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: `address_${v.type}` });
  });

export type PlatformInput = z.input<typeof platformInputSchema>;
