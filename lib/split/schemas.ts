import { z } from 'zod';
import { MAX_RIALS } from '@/lib/money';
import { amountSchema } from '@/lib/money/schema';
import { mobileSchema } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';
import { optionalEmail } from '@/lib/validation/contact';
import { normalizeLegalId, normalizeNationalCode, normalizeSheba } from '@/lib/validation/identifiers';
import { singleLine } from '@/lib/validation/text';

/**
 * The one schema of each split-payment input: the split invoice (the API, in POD's field names so
 * an integrator moving from POD recognises them), a beneficiary added by the marketplace (invited
 * or registered as a sub-business), the dealer permission a beneficiary gives, and the
 * marketplace's settings. Messages are keys under `split.errors.*` (then `errors.*`).
 */

const NO_CONTROLS = 'controlChars';
const line = (max: number) => z.string().trim().refine(singleLine, NO_CONTROLS).max(max, 'tooLong');
const optionalLine = (max: number) =>
  z
    .union([line(max), z.null()])
    .optional()
    .transform((v) => (v ? v || null : null));

export const SPLIT_MAX_PARTS = 20;
export const SPLIT_MAX_ITEMS = 100;
/** Lines of one invoice, all parts together. */
export const SPLIT_MAX_LINES = 300;
export const SPLIT_TTL_MIN_MINUTES = 5;
export const SPLIT_TTL_MAX_MINUTES = 43_200;
export const SPLIT_TTL_DEFAULT_MINUTES = 1_440;

/** A bill number as POD takes it: 1–64 visible ASCII characters, unique per marketplace. */
export const billNumberSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64, 'tooLong')
  .regex(/^[\x21-\x7e]+$/, 'billNumberInvalid');

/** A discount: zero or more Rials (Persian digits welcome), never negative or fractional. */
const discountSchema = z
  .union([z.string(), z.number()])
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined || raw === '') return 0n;
    const s = toAsciiDigits(String(raw)).replace(/[\s,٬،_]/g, '');
    if (!/^\d{1,19}$/.test(s) || BigInt(s) > MAX_RIALS) {
      ctx.addIssue({ code: 'custom', message: 'discountInvalid' });
      return z.NEVER;
    }
    return BigInt(s);
  });

/** One line: quantity × unit price − discount, which must stay above zero. */
export const splitItemSchema = z
  .object({
    description: line(200).pipe(z.string().min(1, 'required')),
    productId: optionalLine(64),
    quantity: z.union([z.string(), z.number()]).transform((v, ctx) => {
      const s = toAsciiDigits(String(v)).trim();
      const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
      if (!(n >= 1 && n <= 100_000)) {
        // Aborts here: nothing after it (the line's total) sees a quantity that is not a whole number.
        ctx.addIssue({ code: 'custom', message: 'quantityInvalid' });
        return z.NEVER;
      }
      return n;
    }),
    unitPrice: amountSchema(),
    discount: discountSchema,
  })
  .strict()
  .superRefine((it, ctx) => {
    if (it.discount >= it.unitPrice * BigInt(it.quantity)) ctx.addIssue({ code: 'custom', path: ['discount'], message: 'discountAboveLine' });
  });

export type SplitItemInput = z.output<typeof splitItemSchema>;

/** What a line costs: quantity × unit price − discount. */
export const lineTotal = (it: Pick<SplitItemInput, 'quantity' | 'unitPrice' | 'discount'>) => it.unitPrice * BigInt(it.quantity) - it.discount;
export const itemsTotal = (items: Pick<SplitItemInput, 'quantity' | 'unitPrice' | 'discount'>[]) => items.reduce((a, it) => a + lineTotal(it), 0n);

const items = (min: number) =>
  z
    .array(splitItemSchema)
    .min(min, min ? 'itemsRequired' : 'tooMany')
    .max(SPLIT_MAX_ITEMS, 'tooMany');

const optionalMobile = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (!v || !v.trim()) return null;
    const r = mobileSchema.safeParse(v);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: 'mobileInvalid' });
      return z.NEVER;
    }
    return r.data;
  });

/**
 * `POST /api/v1/split-invoices`. The rule: the main invoice's lines plus every sub-invoice's lines
 * equal the customer invoice's lines, exactly, in Rials. Each broken rule is an issue on the part
 * that breaks it (`subInvoices.1.items.0.discount`, `customerInvoiceItems`).
 */
export const createSplitInvoiceSchema = z
  .object({
    billNumber: billNumberSchema,
    mainInvoice: z.object({ items: items(0), description: optionalLine(300) }).strict(),
    subInvoices: z
      .array(
        z
          .object({
            beneficiaryId: z.uuid('beneficiaryUnknown'),
            items: items(1),
            description: optionalLine(300),
            addressRef: optionalLine(64),
          })
          .strict(),
      )
      .min(1, 'subInvoicesRequired')
      .max(SPLIT_MAX_PARTS, 'tooMany'),
    customerInvoiceItems: items(1),
    description: optionalLine(300),
    payerName: optionalLine(120),
    payerMobile: optionalMobile,
    payerEmail: optionalEmail,
    callbackUrl: optionalLine(500),
    expiresInMinutes: z
      .union([z.string(), z.number()])
      .optional()
      .transform((v) => (v === undefined || v === '' ? SPLIT_TTL_DEFAULT_MINUTES : Number(toAsciiDigits(String(v)))))
      .refine((n) => Number.isInteger(n) && n >= SPLIT_TTL_MIN_MINUTES && n <= SPLIT_TTL_MAX_MINUTES, 'ttlInvalid'),
    verificationNeeded: z.boolean().optional().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.subInvoices.forEach((s, i) => {
      if (seen.has(s.beneficiaryId)) ctx.addIssue({ code: 'custom', path: ['subInvoices', i, 'beneficiaryId'], message: 'beneficiaryTwice' });
      seen.add(s.beneficiaryId);
    });
    // Every line of every part, at most SPLIT_MAX_LINES: the largest invoice fits the API's 64 KB body.
    const lines = v.customerInvoiceItems.length + v.mainInvoice.items.length + v.subInvoices.reduce((a, s) => a + s.items.length, 0);
    if (lines > SPLIT_MAX_LINES) ctx.addIssue({ code: 'custom', path: ['customerInvoiceItems'], message: 'tooManyLines' });
    const customer = itemsTotal(v.customerInvoiceItems);
    const parts = itemsTotal(v.mainInvoice.items) + v.subInvoices.reduce((a, s) => a + itemsTotal(s.items), 0n);
    if (customer > MAX_RIALS) ctx.addIssue({ code: 'custom', path: ['customerInvoiceItems'], message: 'amountTooLarge' });
    else if (customer !== parts) ctx.addIssue({ code: 'custom', path: ['customerInvoiceItems'], message: 'splitSumMismatch' });
  });

export type CreateSplitInvoiceInput = z.output<typeof createSplitInvoiceSchema>;

/** A day between 2000 and 2199 (a list filter; anything else is no filter). */
const saneDate = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2199-12-31')
  .optional()
  .catch(undefined);

/** The filters of the invoice lists (portal and API). */
export const SPLIT_INVOICE_STATES = ['open', 'paid', 'closed', 'canceled', 'expired'] as const;
export const splitInvoiceFiltersSchema = z.object({
  state: z.enum(SPLIT_INVOICE_STATES).optional().catch(undefined),
  billNumber: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\x21-\x7e]+$/)
    .optional()
    .catch(undefined),
  from: saneDate,
  to: saneDate,
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
});
export type SplitInvoiceFilters = z.output<typeof splitInvoiceFiltersSchema>;

/** A guild code as POD takes it. */
const guildCode = z
  .string()
  .trim()
  .max(64, 'tooLong')
  .regex(/^[A-Za-z0-9_.-]*$/, 'guildCodeInvalid')
  .transform((v) => v || null);

/** The beneficiary's business id on POD (digits), for marketplaces on POD's rail; optional. */
const podBusinessId = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    const s = toAsciiDigits(v ?? '').trim();
    if (!s) return null;
    if (!/^\d{1,18}$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'podBusinessIdInvalid' });
      return z.NEVER;
    }
    return s;
  });

/** The marketplace invites another merchant by mobile: it learns nothing of whether the number has an account. */
export const inviteBeneficiarySchema = z.object({
  marketplaceId: z.uuid('required'),
  kind: z.literal('merchant'),
  mobile: mobileSchema,
  displayName: line(120).pipe(z.string().min(2, 'required')),
  guildCode: guildCode.optional().transform((v) => v ?? null),
  podBusinessId,
});

/** The marketplace registers a sub-business: a restricted account of its own, signed into later by its mobile. */
export const registerSubBusinessSchema = z.object({
  marketplaceId: z.uuid('required'),
  kind: z.literal('sub_business'),
  mobile: mobileSchema,
  displayName: line(120).pipe(z.string().min(2, 'required')),
  nationalId: z.string().transform((v, ctx) => {
    const id = normalizeNationalCode(v) ?? normalizeLegalId(v);
    if (!id) {
      ctx.addIssue({ code: 'custom', message: 'nationalIdInvalid' });
      return z.NEVER;
    }
    return id;
  }),
  sheba: z.string().transform((v, ctx) => {
    const s = normalizeSheba(v);
    if (!s) {
      ctx.addIssue({ code: 'custom', message: 'shebaInvalid' });
      return z.NEVER;
    }
    return s;
  }),
  guildCode: guildCode.optional().transform((v) => v ?? null),
  podBusinessId,
});

export const addBeneficiarySchema = z.discriminatedUnion('kind', [inviteBeneficiarySchema, registerSubBusinessSchema]);
export type AddBeneficiaryInput = z.output<typeof addBeneficiarySchema>;

/** A beneficiary's dealer permission for a marketplace: all products, a listed few, or none (revoked). */
export const setPermissionSchema = z
  .object({
    beneficiaryId: z.uuid('required'),
    permission: z.enum(['none', 'all', 'products'], { error: 'invalid' }),
    products: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => [...new Set((Array.isArray(v) ? v : (v ?? '').split(/[\s,،]+/)).map((s) => toAsciiDigits(s).trim()).filter(Boolean))].slice(0, 200)),
  })
  .superRefine((v, ctx) => {
    if (v.permission === 'products' && v.products.length === 0) ctx.addIssue({ code: 'custom', path: ['products'], message: 'productsRequired' });
    if (v.products.some((p) => p.length > 64 || !/^[\x21-\x7e]+$/.test(p))) ctx.addIssue({ code: 'custom', path: ['products'], message: 'productInvalid' });
  });
export type SetPermissionInput = z.output<typeof setPermissionSchema>;

export const beneficiaryRefSchema = z.object({ beneficiaryId: z.uuid('required') });

export const marketplaceSettingsSchema = z.object({
  platformId: z.uuid('required'),
  feePayer: z.enum(['marketplace', 'pro_rata'], { error: 'invalid' }),
  rail: z.enum(['dargah', 'pod'], { error: 'invalid' }),
  podGuildCode: guildCode.optional().transform((v) => v ?? null),
});
export type MarketplaceSettingsInput = z.output<typeof marketplaceSettingsSchema>;

export const splitInvoiceRefSchema = z.object({ invoiceId: z.uuid('required') });
export const closeManySchema = z.object({ invoiceIds: z.array(z.uuid('required')).min(1, 'required').max(100, 'tooMany') });
