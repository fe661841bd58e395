import { z } from 'zod';
import { checkOutboundUrl } from '@/lib/net/url';
import { toAsciiDigits } from './digits';
import { line, refuse, requiredLine } from './shared';
import { CONTROL_CHARS, multiLine, singleLine } from './text';

export const platformTypes = ['website', 'app', 'bot', 'ivr', 'shop'] as const;

/**
 * An address the server calls or sends payers to: https only (http in development), no credentials,
 * and never an internal host or address (`localhost`, `127.1`, `10.0.0.1`, `[::1]`,
 * `metadata.google.internal`…): the same rules as the delivery-time check in `lib/net`.
 */
const callbackUrl = line()
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
    name: requiredLine(120),
    address: requiredLine(300),
    /** Rials; typed in any digits, commas allowed. */
    expectedMonthlyVolume: z
      .string({ error: 'required' })
      .refine(singleLine, CONTROL_CHARS)
      .transform((v, ctx) => {
        const s = toAsciiDigits(v).replace(/[,٬\s]/g, '');
        return /^\d{1,18}$/.test(s) ? BigInt(s) : refuse(ctx, 'amountInvalid');
      }),
    /** A list, or the form's text with one address per line. */
    callbackUrls: z.preprocess((v) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v), z.array(callbackUrl).max(10, 'tooMany')).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.address && !addressFits(v.type, v.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: `address_${v.type}` });
  });

export type PlatformInput = z.input<typeof platformInputSchema>;

/*
 * The inputs of the merchant's and staff's platform actions, one schema each, shared by the form
 * and the action. Ids come from the page, so a malformed one is simply not found.
 */
const id = z.uuid('notFound');
export const MAX_GRACE_SECONDS = 24 * 3600;

export const addPlatformSchema = platformInputSchema.safeExtend({ merchantServiceId: id });
export type AddPlatformInput = z.output<typeof addPlatformSchema>;

export const platformRefSchema = z.object({ platformId: id });
export const setPausedSchema = z.object({ platformId: id, paused: z.boolean() });

export const graceSchema = z.coerce.number({ error: 'grace' }).int('grace').min(0, 'grace').max(MAX_GRACE_SECONDS, 'grace');
export const keyRefSchema = z.object({ keyId: id });
export const rollKeySchema = z.object({ keyId: id, graceSeconds: graceSchema });
/** The allow-list as typed: addresses separated by spaces, commas or lines. */
export const ipAllowListSchema = z.object({
  keyId: id,
  ips: z
    .string()
    .max(2000, 'tooLong')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean)),
});

export const setWebhookSchema = z.object({ platformId: id, url: webhookUrlSchema, rollSecret: z.boolean().default(false) });

export const decidePlatformSchema = z.object({
  platformId: id,
  action: z.enum(['approve', 'reject', 'suspend']),
  reason: z.string().refine(multiLine, CONTROL_CHARS).max(1000, 'tooLong').optional(),
});
