import { z } from 'zod';
import { CURRENCIES, ivrMode, paymentSource, paymentState, refundState, SERVICE_IDS, topupKind, topupOperator, topupSimType, topupState } from '@/db/schema';
import { orderIdSchema } from '@/lib/validation/order-id';
import { multiLine, singleLine } from '@/lib/validation/text';

/** The API's request and answer shapes: validation and the OpenAPI document come from these. */

const NO_CONTROLS = 'control characters are not allowed';
/** One line of text: no control characters (the portal's one rule, lib/validation/text). */
const line = (max: number) => z.string().refine(singleLine, NO_CONTROLS).max(max);
/** Free text that may span lines: TAB, LF and CR allowed, no other control character. */
const lines = (max: number) => z.string().refine(multiLine, NO_CONTROLS).max(max);

export const tokenRequestSchema = z.strictObject({
  api_key: line(200).min(1).describe('The platform API key, dk_test_… or dk_live_…'),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().describe('Send as `Authorization: Bearer <access_token>`'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires (3600)'),
});

export const serviceSchema = z.object({
  id: z.enum(SERVICE_IDS),
  name: z.object({ fa: z.string(), en: z.string() }),
  description: z.object({ fa: z.string(), en: z.string() }),
  status: z.enum(['available', 'requested', 'active', 'suspended']).describe("This merchant's state for the service"),
});

export const servicesResponseSchema = z.object({ data: z.array(serviceSchema) });

export const platformResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(['website', 'app', 'bot', 'ivr', 'shop']),
  address: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'paused', 'suspended']),
  environment: z.enum(['test', 'live']).describe('The environment of the key used for this call'),
  service: serviceSchema.pick({ id: true, name: true }),
  callback_urls: z.array(z.string()),
  created_at: z.iso.datetime(),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('A stable, machine-readable code, e.g. key_revoked, rate_limited, validation_failed'),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().describe('Per-field problems, when the body was not valid'),
    pod_code: z.int().optional().describe('Split invoices: POD’s error number of the same meaning (4, 45, 55, 58), for integrators coming from POD'),
  }),
});

const amountInput = z.union([z.int(), line(40)]).describe('Integer Rials, as a JSON integer or a string of digits (for amounts beyond 2^53)');

export const createPaymentRequestSchema = z.strictObject({
  amount: amountInput,
  order_id: orderIdSchema().describe('Your order id; unique per platform (and per test/live mode)'),
  callback_url: line(500).describe("Where the payer returns; must start with one of the platform's callback URLs"),
  payer_mobile: line(20).optional(),
  payer_name: line(120).optional(),
  description: lines(255).optional().describe('Free text; line breaks and tabs allowed, no other control character'),
  product: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\p{L}\p{N} _.:-]+$/u, 'letters, digits, space and _ . : - only')
    .optional()
    .describe('What is being bought (e.g. a top-up package); the sales summary groups by it'),
  currency: z
    .enum(['IRR', 'TRY'])
    .optional()
    .describe('IRR (default) on payment-gateway platforms; TRY on virtual POS platforms, amount in kuruş (the payer pays on N Kolay’s own page)'),
  pos_definition_id: z.uuid().optional().describe('Virtual POS only: the POS definition to use instead of the platform’s default'),
});

export const paymentStates = paymentState.enumValues;

/** The query of listPayments: a bad value is a 400 with the field, never a database error. */
export const listPaymentsQuerySchema = z.strictObject({
  order_id: line(64).min(1).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'an integer from 1 to 100')
    .transform(Number)
    .pipe(z.int().min(1, 'an integer from 1 to 100').max(100, 'an integer from 1 to 100'))
    .optional(),
});

/** `2026-02-30T…` matches the ISO pattern but is no day: V8 rolls it over, PostgreSQL refuses it. */
function realInstant(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && !Number.isNaN(Date.parse(v));
}

export const paymentResponseSchema = z.object({
  id: z.uuid(),
  order_id: z.string(),
  tracking_code: z.string().describe('11 digits with a Damm check digit, for people'),
  amount: z.string().describe('Integer minor units of `currency`: Rials, or kuruş for TRY'),
  currency: z.enum(['IRR', 'TRY']).describe('IRR, or TRY for the virtual POS (recorded only: paid by N Kolay to your bank)'),
  fee: z.string().nullable().describe('Integer Rials, set once the payment succeeds (0 for TRY: Dargah holds no lira)'),
  state: z.enum(paymentStates),
  method: z.enum(['online', 'slip']),
  source: z.enum(paymentSource.enumValues),
  gateway: z.string().nullable(),
  gateway_ref: z.string().nullable().describe("The bank's reference once paid"),
  card_masked: z.string().nullable().describe('First 6 and last 4 digits only'),
  failure_reason: z.string().nullable(),
  livemode: z.boolean(),
  product: z.string().nullable(),
  payment_url: z.string().nullable().describe('Send the payer here (API payments that have not finished)'),
  created_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
});

export const paymentListResponseSchema = z.object({ data: z.array(paymentResponseSchema) });

export const createPaymentLinkRequestSchema = z.strictObject({
  amount: amountInput,
  description: lines(255).optional().describe('Free text; line breaks and tabs allowed, no other control character'),
  expires_at: z.iso
    .datetime({ offset: true })
    .refine((v) => realInstant(v), 'not a real date and time')
    .optional()
    .describe('ISO 8601; the link stops working then'),
  usage_limit: z.int().min(1).max(1000).optional().describe('How many payments the link may take (default 1)'),
});

export const paymentLinkResponseSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  amount: z.string(),
  description: z.string().nullable(),
  expires_at: z.iso.datetime().nullable(),
  usage_limit: z.int(),
  used_count: z.int(),
  livemode: z.boolean(),
  created_at: z.iso.datetime(),
});

export const balanceResponseSchema = z.object({
  platform_id: z.uuid(),
  livemode: z.boolean(),
  currency: z.literal('IRR'),
  pending: z.string().describe('Integer Rials waiting for settlement'),
  withdrawable: z.string().describe('Integer Rials that can be withdrawn'),
  fees: z.string().describe('Integer Rials of fees taken on successful payments'),
});

// ---------------------------------------------------------------- payouts

export const createPayoutRequestSchema = z.strictObject({
  amount: amountInput.describe('Integer Rials to withdraw from the withdrawable balance (JSON integer or string of digits; Persian digits accepted)'),
  bank_account_id: z
    .uuid()
    .optional()
    .describe(
      "One of the merchant's approved accounts usable for this platform; default: the platform's default account, else the account from the approved customer information",
    ),
  description: line(200).optional().describe('Free text, one line'),
});

export const payoutStates = ['requested', 'approved', 'sent', 'paid', 'returned', 'canceled', 'rejected'] as const;

/** The query of listPayouts: a bad value is a 400 with the field. */
export const listPayoutsQuerySchema = z.strictObject({
  state: z.enum(payoutStates).optional(),
  page: z
    .string()
    .regex(/^\d{1,4}$/, 'an integer from 1 to 10000')
    .transform(Number)
    .pipe(z.int().min(1, 'an integer from 1 to 10000').max(10_000, 'an integer from 1 to 10000'))
    .optional(),
});

export const payoutBankAccountSchema = z.object({
  id: z.uuid(),
  sheba: z.string().describe('IR + 24 digits'),
  bank_code: z.string().nullable().describe('The bank recognised from the sheba'),
  holder_name: z.string(),
});

export const payoutResponseSchema = z.object({
  id: z.uuid(),
  platform_id: z.uuid(),
  amount: z.string().describe('Integer Rials taken from the withdrawable balance'),
  fee: z.string().describe('Integer Rials of transfer fee (may be 0)'),
  net: z.string().describe('Integer Rials that arrive at the bank: amount − fee'),
  currency: z.literal('IRR'),
  state: z.enum(payoutStates),
  auto: z.boolean().describe('Made by the automatic daily settlement'),
  description: z.string().nullable(),
  bank_account: payoutBankAccountSchema.nullable(),
  reason: z.string().nullable().describe('Why staff rejected it or the bank returned it'),
  bank_ref: z.string().nullable().describe("The bank's reference once paid"),
  expected_date: z.iso.date().nullable().describe('The day the money is expected at the bank (Tehran), while in flight'),
  requested_at: z.iso.datetime(),
  decided_at: z.iso.datetime().nullable(),
  sent_at: z.iso.datetime().nullable(),
  completed_at: z.iso.datetime().nullable(),
});

export const payoutListResponseSchema = z.object({
  data: z.array(payoutResponseSchema),
  page: z.int(),
  page_size: z.int(),
  total: z.int(),
});

export const bankAccountResponseSchema = z.object({
  id: z.uuid(),
  sheba: z.string(),
  bank_code: z.string().nullable(),
  holder_name: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']).describe('Only approved accounts receive payouts'),
  platform_id: z.uuid().nullable().describe('null: usable by every platform of the business'),
  source: z.enum(['kyc', 'merchant']).describe('kyc: from the approved customer information'),
  is_default: z.boolean().describe("The platform's default account"),
  created_at: z.iso.datetime(),
});

export const bankAccountListResponseSchema = z.object({ data: z.array(bankAccountResponseSchema) });

// ---------------------------------------------------------------- refunds

export const createRefundRequestSchema = z
  .strictObject({
    amount: amountInput.describe(
      'Integer minor units to give back (Rials; kuruş for a TRY payment), at most what is left of the payment after its earlier refunds (JSON integer or string of digits; Persian digits accepted). A TRY payment is cancelled at N Kolay on the day of the sale (in full only) and refunded from the next day (in full or in part)',
    ),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine(singleLine, NO_CONTROLS)
      .describe('Why, one line (1–300 characters, trimmed); shown to the merchant and in the webhook'),
  })
  .meta({ examples: [{ amount: 250000, reason: 'Returned item' }] });

export const refundStates = refundState.enumValues;

export const refundResponseSchema = z
  .object({
    id: z.uuid(),
    payment_id: z.uuid(),
    amount: z.string().describe('Integer minor units given back to the payer (Rials; kuruş for TRY)'),
    currency: z.enum(CURRENCIES),
    fee_returned: z.string().describe("Integer Rials of the facilitator's fee given back (a staff setting; usually 0)"),
    merchant_debit: z.string().describe("Integer Rials taken from the platform's balances: amount − fee_returned"),
    reason: z.string(),
    state: z
      .enum(refundStates)
      .describe(
        "processing: with the bank, or paid out to the payer's account in the next bank batch; awaiting_account: the bank would not refund to the card, the payer was sent a link to name an account; succeeded; failed: withdrawn before the payer named an account (the amount is back in the balance)",
      ),
    method: z.enum(['gateway', 'payout']).describe("gateway: the bank's own refund to the card; payout: a transfer to an account the payer names"),
    gateway_ref: z.string().nullable().describe("The bank's reference of a gateway refund"),
    failure_reason: z.string().nullable(),
    livemode: z.boolean(),
    created_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })
  .meta({
    examples: [
      {
        id: '6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f',
        payment_id: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
        amount: '250000',
        currency: 'IRR',
        fee_returned: '0',
        merchant_debit: '250000',
        reason: 'Returned item',
        state: 'succeeded',
        method: 'gateway',
        gateway_ref: '204518773301',
        failure_reason: null,
        livemode: true,
        created_at: '2026-12-01T10:15:00.000Z',
        completed_at: '2026-12-01T10:15:01.000Z',
      },
    ],
  });

export const createRefundResponseSchema = refundResponseSchema.extend({
  payer_link: z
    .string()
    .nullable()
    .describe(
      'When the payer must name an account (awaiting_account): the single-use page sent to them by SMS, for you to pass on if you reach them otherwise; null when the bank refunds the card',
    ),
});

export const refundListResponseSchema = z.object({ data: z.array(refundResponseSchema) });

// ---------------------------------------------------------------- phone payments (IVR)

/** An invoice's state as callers and the API see it (lib/ivr `invoiceState`). */
export const ivrInvoiceStates = ['creating', 'open', 'paying', 'paid', 'unknown', 'expired', 'canceled'] as const;

/** The request of createIvrInvoice is lib/ivr's `createIvrInvoiceRequestSchema` (shared with the portal's form); this is its answer. */
export const ivrInvoiceResponseSchema = z
  .object({
    id: z.uuid(),
    tracking_code: z.string().describe('What the caller keys into the IVR: 8 digits with a Damm check digit, or PayStar’s tracking code on its rail'),
    order_id: z.string().describe('Your order id, or one made for you (ph-…); unique per platform and mode'),
    mode: z.enum(ivrMode.enumValues).describe('invoice: made by an agent or this API; ivr_to_ivr: made by your own IVR in the look-up'),
    amount: z.string().describe('Integer Rials'),
    currency: z.enum(CURRENCIES),
    state: z
      .enum(ivrInvoiceStates)
      .describe(
        'creating: made, waiting for PayStar’s factor (its tracking_code is a placeholder until then; read it again by id); open: waiting for the caller; paying: the caller is at the bank’s IVR; paid; unknown: the bank has not answered yet (asked again until it does); expired; canceled by the merchant',
      ),
    customer_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    caller_number: z.string().nullable().describe('The caller number of the latest look-up (IVRs may mask middle digits with *)'),
    lookups: z.int().describe('Look-ups that answered this invoice with a transaction'),
    failed_payments: z.int().describe('Payments of this invoice the bank declined'),
    livemode: z.boolean(),
    expires_at: z.iso.datetime(),
    created_at: z.iso.datetime(),
    payment: z
      .object({
        id: z.uuid(),
        tracking_code: z.string().describe('The payment’s tracking code: the transactionId the IVR handed to the bank'),
        state: z.enum(paymentStates),
        bank_ref: z.string().nullable().describe("The bank's reference once paid"),
        card_masked: z.string().nullable().describe('First 6 and last 4 digits only'),
        paid_at: z.iso.datetime().nullable(),
        failure_reason: z.string().nullable(),
      })
      .nullable()
      .describe('The current payment of the invoice (one at a time), once a caller has looked it up'),
  })
  .meta({
    examples: [
      {
        id: '3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
        tracking_code: '48213675',
        order_id: 'INV-1042',
        mode: 'invoice',
        amount: '1500000',
        currency: 'IRR',
        state: 'paid',
        customer_name: 'Ali Rezaei',
        email: null,
        phone: '09121234567',
        caller_number: '09121234567',
        lookups: 1,
        failed_payments: 0,
        livemode: true,
        expires_at: '2026-12-02T10:15:00.000Z',
        created_at: '2026-12-01T10:15:00.000Z',
        payment: {
          id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
          tracking_code: '40512345678',
          state: 'succeeded',
          bank_ref: '204518773301',
          card_masked: '603799******0004',
          paid_at: '2026-12-01T10:21:40.000Z',
          failure_reason: null,
        },
      },
    ],
  });

export type IvrInvoiceResponse = z.infer<typeof ivrInvoiceResponseSchema>;

/** The SIP hand-off to the bank's IVR, as the look-up answers it. */
export const ivrSipSchema = z
  .object({
    'CALLERID(all)': z.string().describe('<line>*<merchantId>*<transactionId>: the merchant’s IVR line (digits), the merchant id and the transaction'),
    Amount: z.string().describe('The custom SIP header Amount: integer Rials'),
  })
  .describe('Set these on the call you transfer to the bank’s IVR');

/** `POST /api/ivr/transactions`: a transaction for the bank's IVR, or an error code to play to the caller (both HTTP 200). */
export const ivrLookupResponseSchema = z.union([
  z
    .object({
      transactionId: z.int().describe('The payment’s tracking code, as a number'),
      merchantId: z.string().describe('8 digits: the merchant id the bank’s IVR knows the platform by'),
      price: z.string().describe('Integer Rials the caller pays'),
      sip: ivrSipSchema,
    })
    .describe('Hand the call to the bank’s IVR with this transaction'),
  z
    .object({
      error: z.int().min(1).max(5).describe('1 invalid merchant gateway; 2 wrong invoice id; 3 already paid; 4 expired; 5 too many wrong attempts'),
      message: z.string().describe('What to play to the caller (Persian, then English in parentheses)'),
    })
    .describe('An error code for the IVR to play to the caller'),
]);

/** `POST /api/ivr/transactions`: a request the integrator got wrong (not a caller's keying), or the service briefly unavailable. */
export const ivrBadRequestSchema = z.object({
  error: z.literal('bad_request'),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional().describe('Per-field problems'),
});
export const ivrUnavailableSchema = z.object({ error: z.literal('unavailable'), message: z.string() });
/** `POST /api/ivr/transactions`: too many unknown credentials from this address (the /api/v1 bucket of failed authentications). */
export const ivrThrottledSchema = z.object({ error: z.literal('too_many_requests'), message: z.string() });

/** `GET /api/ivr/get-transaction-result`: PayStar's shape, status 1 when found, -5 for an unknown tracking code. */
export const paystarResultResponseSchema = z.object({
  status: z.union([z.literal(1), z.literal(-5)]).describe('1: found; -5: no invoice of this platform and mode has this tracking code'),
  data: z
    .object({
      status: z.enum(ivrInvoiceStates),
      message: z.string().describe('The state in Persian'),
      amount: z.string().describe('Integer Rials'),
      tracking_code: z.string(),
      order_id: z.string(),
      ref_num: z.string().nullable().describe("The bank's reference once paid"),
      card_number: z.string().nullable().describe('First 6 and last 4 digits only'),
      paid_at: z.iso.datetime().nullable(),
    })
    .nullable(),
  errors: z.array(z.string()),
});

// ---------------------------------------------------------------- mobile top-ups (the charge gateway)

/** The request of createTopup and listTopupProducts' query are lib/topup's schemas (shared with the hosted store); these are the answers. */
export const topupStates = topupState.enumValues;

export const topupProductResponseSchema = z.object({
  id: z.uuid().describe('Send as product_id to createTopup'),
  operator: z.enum(topupOperator.enumValues),
  kind: z
    .enum(topupKind.enumValues)
    .describe('direct: a top-up of an amount; wonderful / shoorangiz: Irancell’s and Rightel’s bonus top-ups; pin: a voucher code; package: internet'),
  sim_type: z.enum(topupSimType.enumValues),
  title: z.object({ fa: z.string(), en: z.string().nullable() }),
  price: z.string().nullable().describe('Integer Rials: the fixed price (packages, PINs); null when the buyer picks an amount'),
  min_amount: z.string().nullable().describe('Integer Rials: the smallest amount allowed, for a range'),
  max_amount: z.string().nullable().describe('Integer Rials: the largest amount allowed, for a range'),
  step: z.string().nullable().describe('Integer Rials: amounts in the range go up from min_amount by this step (null: any whole Rial)'),
  amounts: z.array(z.string()).nullable().describe('Integer Rials: the only amounts allowed, for a fixed list'),
  volume_mb: z.int().nullable().describe('Internet packages: the volume in MB'),
  duration_days: z.int().nullable().describe('Internet packages: how long it lasts'),
});

export const topupProductListResponseSchema = z.object({
  detected_operator: z
    .enum(topupOperator.enumValues)
    .nullable()
    .describe('The operator the mobile’s prefix names (a hint: a ported number keeps its prefix); null without a mobile'),
  data: z.array(topupProductResponseSchema),
});

export const topupResponseSchema = z
  .object({
    id: z.uuid().describe('Our order id: also the upstream provider’s idempotency key, so the line is charged at most once'),
    order_id: z.string().describe('Your order id'),
    payment_id: z.uuid().describe('The buyer’s payment (getPayment reads it)'),
    mobile: z.string().describe('The number charged, 09xxxxxxxxx'),
    operator: z.enum(topupOperator.enumValues),
    kind: z.enum(topupKind.enumValues),
    product: z.string().describe('The provider’s product code'),
    title: z.string().describe('The product’s title in Persian'),
    amount: z.string().describe('Integer Rials the buyer pays'),
    state: z
      .enum(topupStates)
      .describe(
        'awaiting_payment: the buyer has not paid yet; paid: paid, delivery about to start; delivering: with the provider; delivered; unknown: the provider has not given a final answer yet (asked again until it does); failed: not delivered, the buyer refunded automatically (refund_id); canceled: the payment failed or was abandoned',
      ),
    delivery_ref: z.string().nullable().describe('The provider’s reference once delivered'),
    pin_serial: z.string().nullable().describe('PIN products: the voucher’s serial (the code itself is shown to the buyer only)'),
    commission: z
      .string()
      .nullable()
      .describe(
        'Integer Rials: your share of the provider’s margin, once delivered; credited to the withdrawable balance for live orders (test orders credit nothing)',
      ),
    failure_reason: z.string().nullable().describe('Why delivery failed (failed only)'),
    refund_id: z.uuid().nullable().describe('The automatic refund of a failed delivery (getRefund reads it)'),
    livemode: z.boolean(),
    created_at: z.iso.datetime(),
    delivered_at: z.iso.datetime().nullable(),
    payment_url: z.string().nullable().describe('Send the buyer here to pay (while awaiting_payment)'),
  })
  .meta({
    examples: [
      {
        id: '5b0c7e2a-1d3f-4a6b-9c8d-7e6f5a4b3c2d',
        order_id: 'TOPUP-1042',
        payment_id: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
        mobile: '09121234567',
        operator: 'mci',
        kind: 'direct',
        product: 'mci-direct',
        title: 'شارژ مستقیم همراه اول',
        amount: '50000',
        state: 'awaiting_payment',
        delivery_ref: null,
        pin_serial: null,
        commission: null,
        failure_reason: null,
        refund_id: null,
        livemode: true,
        created_at: '2026-12-01T10:15:00.000Z',
        delivered_at: null,
        payment_url: 'https://dargah.example/pay/go/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
      },
    ],
  });

export type TopupProductListResponse = z.infer<typeof topupProductListResponseSchema>;
export type TopupProductResponse = z.infer<typeof topupProductResponseSchema>;
export type TopupResponse = z.infer<typeof topupResponseSchema>;

// ————————————————————————————————————————————————— split invoices

const splitItemResponse = z.object({
  description: z.string(),
  product_id: z.string().nullable(),
  quantity: z.int(),
  unit_price: z.string().describe('Integer Rials'),
  discount: z.string().describe('Integer Rials'),
  amount: z.string().describe('quantity × unit_price − discount, integer Rials'),
});

export const splitInvoiceStates = ['open', 'paid', 'closed', 'canceled', 'expired'] as const;

export const splitInvoiceResponseSchema = z.object({
  id: z.uuid(),
  bill_number: z.string().describe('Your bill number, unique per marketplace platform and mode'),
  state: z
    .enum(splitInvoiceStates)
    .describe(
      'open: waiting for the buyer; paid: every share is in its party’s pending balance; closed: the shares settle at the next 09:00 run (closed by 22:00); canceled; expired',
    ),
  amount: z.string().describe('What the buyer pays: the customer items’ total, integer Rials'),
  currency: z.enum(CURRENCIES),
  fee: z.string().describe("The facilitator's fee, integer Rials"),
  fee_payer: z.enum(['marketplace', 'pro_rata']).describe('Who pays the fee: the marketplace from its own share, or every party pro rata'),
  refunded_amount: z.string(),
  verification_needed: z.boolean(),
  verified_at: z.iso.datetime().nullable(),
  livemode: z.boolean(),
  rail: z.enum(['dargah', 'pod']),
  pod_invoice_id: z.string().nullable().describe("POD's invoice id when the marketplace runs on POD"),
  payment_url: z.string().describe('Where to send the buyer: the customer invoice, payable through the usual gateways'),
  customer_items: z.array(splitItemResponse),
  main_invoice: z.object({ share: z.string(), fee: z.string(), refunded: z.string(), settled: z.boolean(), items: z.array(splitItemResponse) }),
  sub_invoices: z.array(
    z.object({
      beneficiary_id: z.uuid(),
      beneficiary_name: z.string().nullable(),
      share: z.string(),
      fee: z.string(),
      refunded: z.string(),
      settled: z.boolean().describe('Whether the settlement run has made this share withdrawable'),
      address_ref: z.string().nullable(),
      items: z.array(splitItemResponse),
    }),
  ),
  payment: z
    .object({
      id: z.uuid(),
      tracking_code: z.string(),
      state: z.enum(paymentStates),
      bank_ref: z.string().nullable(),
      card_masked: z.string().nullable(),
      paid_at: z.iso.datetime().nullable(),
    })
    .nullable(),
  expires_at: z.iso.datetime(),
  paid_at: z.iso.datetime().nullable(),
  closed_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type SplitInvoiceResponse = z.output<typeof splitInvoiceResponseSchema>;

export const splitInvoiceListResponseSchema = z.object({
  data: z.array(splitInvoiceResponseSchema),
  next_before: z.string().nullable().describe('Pass as `before` for the next (older) page; null on the last'),
});

export const splitBeneficiaryListResponseSchema = z.object({
  data: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(['merchant', 'sub_business']),
      state: z.enum(['invited', 'active', 'declined', 'removed']),
      permission: z.enum(['none', 'all', 'products']).describe('The dealer permission the beneficiary gave: invoices naming it need it'),
      products: z.array(z.string()),
      guild_code: z.string().nullable(),
    }),
  ),
});
