import { z } from 'zod';
import banks from '@/data/iran-banks.json';
import type { DisplayUnit } from '@/lib/money';
import { amountSchema } from '@/lib/money/schema';
import { mobileSchema } from './auth';
import { toAsciiDigits } from './digits';
import { normalizeJalaliDate } from './jalali';
import { normalizeLandline } from './identifiers';
import { line, normalizedLine, refuse } from './shared';
import { CONTROL_CHARS, multiLine, singleLine } from './text';

export const BANKS = banks as { id: string; fa: string; en: string }[];
export const GATEWAY_IDS = ['sandbox', 'paystar'] as const;

/** Words a handle cannot be: the routes under /pay/. */
const RESERVED = new Set(['receipt', 'callback', 'go', 'l', 'link', 'links', 'logo', 'admin', 'api', 'sandbox', 'help']);

/** A payment link's handle: what `/pay/<handle>` accepts. */
export const HANDLE_RE = /^[a-z][a-z0-9-]{2,31}$/;

export const handleSchema = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .refine(singleLine, CONTROL_CHARS)
  .min(1, 'required')
  .regex(HANDLE_RE, 'handleInvalid')
  .refine((h) => !RESERVED.has(h) && !h.endsWith('-'), 'handleInvalid');

const optionalText = (max: number) => z.string().trim().refine(singleLine, CONTROL_CHARS).max(max, 'tooLong').optional().default('');

const linkSettingsFields = z.object({
  handle: handleSchema,
  title: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(2, 'required').max(120, 'tooLong'),
  enabled: z.boolean().default(true),
  displayUnit: z.enum(['rial', 'toman']),
  gateways: z.array(z.enum(GATEWAY_IDS)).default([]),
  minAmount: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(40, 'amountInvalid'),
  maxAmount: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(40, 'amountInvalid'),
  acceptSlips: z.boolean().default(false),
});

/** Min and max as Rials in the chosen unit, max not below min, and at least one way to pay. */
function withAmounts<V extends z.output<typeof linkSettingsFields>>(v: V, ctx: z.RefinementCtx) {
  const min = amountSchema({ unit: v.displayUnit }).safeParse(v.minAmount);
  const max = amountSchema({ unit: v.displayUnit }).safeParse(v.maxAmount);
  if (!min.success) ctx.addIssue({ code: 'custom', path: ['minAmount'], message: min.error.issues[0].message });
  if (!max.success) ctx.addIssue({ code: 'custom', path: ['maxAmount'], message: max.error.issues[0].message });
  if (min.success && max.success && min.data > max.data) ctx.addIssue({ code: 'custom', path: ['maxAmount'], message: 'maxBelowMin' });
  if (!v.gateways.length && !v.acceptSlips) ctx.addIssue({ code: 'custom', path: ['gateways'], message: 'noPaymentMethod' });
  if (!min.success || !max.success) return z.NEVER;
  return { ...v, minAmount: min.data, maxAmount: max.data };
}

/** The merchant's payment-link settings; min and max are typed in the chosen display unit. */
export const linkSettingsSchema = linkSettingsFields.transform(withAmounts);

/** The settings form's values with the platform they are for: what the save action takes. */
export const saveLinkSettingsSchema = linkSettingsFields.extend({ platformId: z.uuid('notFound') }).transform(withAmounts);

export type LinkSettingsInput = z.input<typeof linkSettingsSchema>;

const jalaliDay = normalizedLine(normalizeJalaliDate, 'dateInvalid', 40);

/**
 * What the payer sends from /pay/<handle>: the same schema in the browser and the server action.
 * `unit`, `min` and `max` come from the link's settings.
 */
export function payerSchema(opts: { unit: DisplayUnit; min: bigint; max: bigint }) {
  const base = z.object({
    name: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(2, 'required').max(120, 'tooLong'),
    mobile: mobileSchema,
    phone: z
      .string()
      .trim()
      .refine(singleLine, CONTROL_CHARS)
      .max(40, 'landlineInvalid')
      .optional()
      .default('')
      .refine((v) => v === '' || normalizeLandline(v) !== null || /^09\d{9}$/.test(toAsciiDigits(v)), 'landlineInvalid'),
    amount: amountSchema(opts),
    description: optionalText(500),
  });
  return z.discriminatedUnion('method', [
    base.extend({ method: z.literal('online'), gateway: z.enum(GATEWAY_IDS, { error: 'gatewayRequired' }) }),
    base.extend({
      method: z.literal('slip'),
      bank: z.string({ error: 'required' }).refine((b) => BANKS.some((x) => x.id === b), 'bankRequired'),
      slipNumber: z
        .string({ error: 'required' })
        .trim()
        .refine(singleLine, CONTROL_CHARS)
        .max(60, 'slipNumberInvalid')
        .transform((v) => toAsciiDigits(v).replace(/\s/g, ''))
        .pipe(
          z
            .string()
            .min(1, 'required')
            .regex(/^[0-9A-Za-z-]{4,40}$/, 'slipNumberInvalid'),
        ),
      depositDate: jalaliDay,
      /** The token /api/pay/<handle>/slip-image answered, if the payer attached a photo. */
      image: z.string().refine(singleLine, CONTROL_CHARS).max(300).optional(),
    }),
  ]);
}

export type PayerInput = z.input<ReturnType<typeof payerSchema>>;

/** A slip decision by the merchant or staff; rejecting needs a reason. */
export const slipDecisionSchema = z
  .object({
    paymentId: z.string().uuid('notFound'),
    approve: z.boolean(),
    reason: z.string().trim().refine(singleLine, CONTROL_CHARS).max(300, 'tooLong').optional().default(''),
  })
  .refine((v) => v.approve || v.reason.length > 0, { path: ['reason'], message: 'reasonRequired' });

/** Rials typed by staff, zero allowed (a fixed part or a minimum of nothing). */
const rialsOrZero = line()
  .max(40, 'amountInvalid')
  .transform((raw, ctx) => {
    const s = toAsciiDigits(raw).replace(/[\s,٬،]/g, '');
    if (s === '' || /^0+$/.test(s)) return 0n;
    return /^\d{1,15}$/.test(s) ? BigInt(s) : refuse(ctx, 'amountInvalid');
  });

/** A service's fee as staff type it: a percentage with up to two decimals, Rials for the rest. */
export const feeRuleSchema = z
  .object({
    percent: line()
      .max(20, 'percentInvalid')
      .transform((raw, ctx) => {
        const s = toAsciiDigits(raw).replace('٫', '.');
        const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s === '' ? '0' : s);
        const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
        return !m || bp > 10_000 ? refuse(ctx, 'percentInvalid') : bp;
      }),
    fixed: rialsOrZero,
    min: rialsOrZero,
    max: line()
      .max(40, 'amountInvalid')
      .transform((raw, ctx) => {
        if (raw === '') return null;
        const r = rialsOrZero.safeParse(raw);
        return r.success ? r.data : refuse(ctx, 'amountInvalid');
      }),
  })
  .refine((v) => v.max === null || v.max >= v.min, { path: ['max'], message: 'maxBelowMin' });

/** The link builder: what to prefill, and whether to sign it so the payer cannot change it. */
export const buildLinkSchema = z.object({
  platformId: z.uuid('notFound'),
  amount: z.string().refine(singleLine, CONTROL_CHARS).max(40).optional(),
  name: z.string().refine(singleLine, CONTROL_CHARS).max(120).optional(),
  description: z.string().refine(multiLine, CONTROL_CHARS).max(500).optional(),
  sign: z.boolean(),
});

/** Staff mark a payment alert handled. */
export const resolveAlertSchema = z.object({ alertId: z.uuid('notFound') });

/** The merchant sends a webhook event again (from a platform's event list). */
export const resendWebhookSchema = z.object({ eventId: z.string().max(40), platformId: z.uuid('notFound') });

/** A page's query as the pay actions keep it: the first ten text parameters. */
const linkQuery = z
  .record(z.string().max(64), z.unknown())
  .refine((q) => Object.keys(q).length <= 50 && Object.values(q).every((v) => typeof v !== 'string' || v.length <= 2000), 'tooLong')
  .default({})
  .transform((q) =>
    Object.fromEntries(
      Object.entries(q)
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .slice(0, 10),
    ),
  );

/**
 * The payer's submit on /pay/<handle>: the payer's fields are checked by `payerSchema` once the
 * link (its unit and limits) is read, so here they are only an object.
 */
export const payByLinkSchema = z.object({
  handle: z.string().max(100),
  payer: z.record(z.string(), z.unknown()),
  query: linkQuery,
  retryOf: z.string().max(100).nullable().default(null),
});

/** The payer's submit on a one-off link /pay/l/<code>. */
export const payByOneOffSchema = z.object({ code: z.string().max(100), payer: z.record(z.string(), z.unknown()) });

/** The payer's choice on the sandbox bank: a card, or cancel. */
export const sandboxPaySchema = z.object({
  /** Its shape is checked by `sandboxPay`: a token that is not one is simply not found. */
  token: z.string().max(64),
  card: z.string().max(100).optional(),
  cancel: z.boolean().optional(),
});
