import { z } from 'zod';
import { createIvrInvoiceRequestSchema, ivrLookupSchema } from '@/lib/ivr/schemas';
import { createSplitInvoiceSchema } from '@/lib/split/schemas';
import { SANDBOX_TOPUP_RULES } from '@/lib/topup/sandbox';
import { createTopupRequestSchema, topupProductsQuerySchema } from '@/lib/topup/schemas';
import {
  balanceResponseSchema,
  bankAccountListResponseSchema,
  createPayoutRequestSchema,
  payoutListResponseSchema,
  payoutResponseSchema,
  payoutStates,
  createPaymentLinkRequestSchema,
  createPaymentRequestSchema,
  createRefundRequestSchema,
  createRefundResponseSchema,
  errorSchema,
  ivrBadRequestSchema,
  ivrInvoiceResponseSchema,
  ivrLookupResponseSchema,
  ivrThrottledSchema,
  ivrUnavailableSchema,
  paystarResultResponseSchema,
  paymentLinkResponseSchema,
  paymentListResponseSchema,
  paymentResponseSchema,
  platformResponseSchema,
  refundListResponseSchema,
  refundResponseSchema,
  servicesResponseSchema,
  splitBeneficiaryListResponseSchema,
  splitInvoiceListResponseSchema,
  splitInvoiceResponseSchema,
  splitInvoiceStates,
  tokenRequestSchema,
  tokenResponseSchema,
  topupProductListResponseSchema,
  topupResponseSchema,
} from './schemas';

/**
 * The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the handlers use; with the
 * two IVR endpoints outside /api/v1 (PayStar's shapes, for IVR systems), under a server of their own.
 */
export function openApiDocument(baseUrl: string) {
  // Answers as the handlers make them; request bodies as a client sends them (before zod's transforms).
  const render = (s: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io }) as Record<string, unknown>;
    void _drop;
    return rest;
  };
  const schema = (s: z.ZodType) => render(s, 'output');
  /** A request body; `notes` describe fields whose shared schema (lib/ivr) carries no description. */
  const request = (s: z.ZodType, notes: Record<string, string> = {}) => {
    type Obj = { properties?: Record<string, Record<string, unknown>>; oneOf?: Obj[] };
    const r = render(s, 'input') as Obj;
    for (const o of [r, ...(r.oneOf ?? [])])
      for (const [k, description] of Object.entries(notes)) if (o.properties?.[k]) o.properties[k] = { ...o.properties[k], description };
    return r;
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/Error${c}` }]));
  /** `GET /<things>/{id}`: one resource of the calling platform by its uuid. */
  const getById = (operationId: string, tag: string, summary: string, schemaName: string, description: string) => ({
    get: {
      operationId,
      tags: [tag],
      summary,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': { description, content: { 'application/json': { schema: ref(schemaName) } } }, ...errors(401, 403, 404, 429) },
    },
  });
  const ERROR_TEXT: Record<number, string> = {
    400: 'The body or a parameter is not valid, a required Idempotency-Key is missing, a payout was refused (below the minimum, above the maximum or the daily cap, not enough withdrawable balance, no approved account), or a refund was refused (above what is left of the payment, balances that do not cover it)',
    401: 'No credential, or an unknown, revoked or expired key or token',
    403: 'The key may not be used from this address, or its platform is not active (or not of the service the endpoint needs: payment, IVR for phone payments, charge for top-ups), or a test key asked for a payout',
    404: 'No such resource for this platform',
    409: 'A payment (or a phone invoice, or a top-up) with this order_id already exists, the payment cannot be refunded (it has not succeeded, or a bank complaint about it is open), or the first request with this Idempotency-Key is still running',
    413: 'The body is larger than 64 KB',
    415: 'The body is not application/json',
    422: 'This Idempotency-Key was already used with another request',
    429: 'Too many requests for this sales platform, or too many failed authentications from this address; see Retry-After',
    502: 'The upstream provider refused the request (PayStar’s IVR rail refused the invoice; the message gives its reason)',
    503: 'The upstream provider is not reachable right now (PayStar’s IVR rail), or no top-up provider is configured for live top-ups; retry with the same Idempotency-Key. Any endpoint may also answer 503 unavailable (with Retry-After) while the service’s database is briefly out of reach',
  };
  // Each status's response names the error codes it can carry (the fuzz test holds the handlers to these).
  const ERROR_CODES: Record<number, [string, ...string[]]> = {
    400: [
      'validation_failed',
      'invalid_json',
      'invalid_idempotency_key',
      'callback_url_not_allowed',
      'idempotency_key_required',
      'amount_below_minimum',
      'amount_above_maximum',
      'daily_cap_reached',
      'insufficient_balance',
      'bank_account_not_found',
      'bank_account_not_approved',
      'no_bank_account',
      'refund_above_remaining',
    ],
    401: ['unauthenticated', 'key_malformed', 'key_unknown', 'key_revoked', 'key_expired', 'token_invalid', 'token_expired'],
    403: ['ip_not_allowed', 'platform_inactive', 'service_not_enabled', 'live_key_required', 'permission_denied'],
    404: ['not_found'],
    409: [
      'duplicate_order_id',
      'not_refundable',
      'dispute_open',
      'idempotency_in_progress',
      'idempotency_conflict',
      'duplicate_bill_number',
      'not_paid',
      'already_closed',
      'awaiting_verification',
      'verification_not_needed',
      'not_cancelable',
    ],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    422: ['idempotency_key_reused'],
    429: ['rate_limited', 'too_many_failed_attempts'],
    502: ['upstream_refused'],
    503: ['upstream_unavailable', 'unavailable'],
  };
  const errorOf = (codes: [string, ...string[]]) =>
    schema(z.object({ error: errorSchema.shape.error.extend({ code: z.enum(codes).describe('A stable, machine-readable code') }) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dargah merchant API',
      version: '1.0.0',
      description:
        'Authenticate with a platform API key (Authorization: Bearer dk_…), or exchange it at /token for a bearer token valid one hour.\n\n' +
        '**Idempotency-Key.** A POST sent with an Idempotency-Key is done whole or not at all: when a call ends without an answer (a dropped connection, a 500 or a 503), retry it with the same key and body — nothing of the attempt that failed was kept, and the retry is done once. The answer is kept 24 hours and replayed with the header `idempotent-replayed: true`; the same key with another body is 422 idempotency_key_reused. A retry sent while the first call is still running waits for it up to half a second and answers the same; past that it is answered 409 idempotency_in_progress (with Retry-After: 1, nothing kept): send it again shortly with the same key.',
      contact: { name: 'Dargah', url: baseUrl },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Dargah' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'auth', description: 'Tokens' },
      { name: 'platform', description: 'The calling sales platform and its services' },
      { name: 'payments', description: 'Payments, one-off payment links and the balance' },
      {
        name: 'payouts',
        description:
          'Withdrawals from the withdrawable balance to an approved bank account (sheba): requested → approved → sent → paid | returned, or canceled | rejected; the amount leaves the withdrawable balance on request and comes back if the payout is rejected, canceled or returned. Webhook events: payout.requested, payout.paid, payout.returned, payout.rejected (data: the payout as getPayout answers it).',
      },
      {
        name: 'refunds',
        description:
          "Money given back to the payer of a succeeded payment, in full or in parts that add up to at most its amount. The merchant's share leaves the pending balance (while the payment is not settled) then the withdrawable one. The bank refunds the card where it can (processing → succeeded); otherwise the payer is sent an SMS link to name an account (awaiting_account) and the refund is paid out in the next bank batch (processing → succeeded). A refund withdrawn before the payer names an account is failed and its amount is back in the balance. Webhook events: refund.created, refund.succeeded, refund.failed (data: the refund as getRefund answers it).",
      },
      {
        name: 'ivr',
        description: [
          'Phone payments (IVR): a payer on the phone pays by keying digits, with no browser and no link. They need a platform of the IVR service.',
          '',
          '**Mode 1, invoice first.** Your agent (the portal’s phone-sales screen) or createIvrInvoice makes an invoice; read its `tracking_code` to the caller or send it by SMS. The caller keys it into the IVR, which looks it up with `POST /api/ivr/transactions` `{"invoice_id", "merchant_cid", "ivr": 0, "type": 1}` (merchant_cid: the caller number). Invoices expire after the platform’s setting (24 hours by default).',
          '',
          '**Mode 2, IVR-to-IVR.** Your own phone menu makes the order in the look-up itself: `{"order_id", "merchant_cid", "amount", "trunk_id", "ivr": 1, "type": 1}`; the trunk id names the platform. The same order id looked up twice gets the same transaction, never a second one.',
          '',
          'The look-up authenticates with the platform’s IVR credential (`Authorization: Bearer ivr_…`, from the platform’s IVR settings in the portal; not an API key) and answers, always with HTTP 200, `{"transactionId", "merchantId", "price", "sip"}` or `{"error", "message"}` with a code for the IVR to play to the caller:',
          '1 invalid merchant gateway (unknown credential or trunk id, platform not active);',
          '2 wrong invoice id;',
          '3 invoice already paid;',
          '4 invoice expired;',
          '5 too many wrong attempts (too many wrong invoice ids from one caller number within a window, or too many declined payments of one invoice; both set in the platform’s IVR settings).',
          'A malformed request (an integration bug, not a caller’s keying) is a 400, 413 or 415 with `{"error": "bad_request"}`; unknown credentials are throttled per address like /api/v1’s failed authentications (429 `{"error": "too_many_requests"}` with Retry-After).',
          '',
          '**Hand-off.** Transfer the call to the bank’s IVR with the SIP values the answer carries: `CALLERID(all) = <line>*<merchantId>*<transactionId>` (line: the platform’s IVR number, digits only) and the header `Amount: <price>`.',
          '',
          '**Result.** The payment succeeds only once the bank’s result is verified, like every payment (payment.succeeded and payment.failed webhooks, source ivr). Poll getIvrInvoice, or `GET /api/ivr/get-transaction-result` (PayStar’s shape, for integrations coming from PayStar), until the state is final: paid (with bank_ref, card_masked, paid_at), expired or canceled; unknown means the bank has not answered yet and is being asked again.',
          '',
          'On PayStar’s rail (a staff setting per platform), live invoices are made at PayStar and carry PayStar’s tracking code, which the caller keys into PayStar’s IVR; their result is learned by polling PayStar, so expect a minute or more. Test keys make sandbox invoices, paid with the sandbox bank’s test cards (the sandbox phone plays the call).',
        ].join('\n'),
      },
      {
        name: 'topup',
        description: [
          'Mobile top-ups and internet packages (the charge gateway), sold in your app, site or bot; they need a platform of the charge service. You earn a commission on every delivered sale, credited to the platform’s withdrawable balance.',
          '',
          '**Pay first, then delivery at most once.** listTopupProducts shows what you may sell (for an operator, or for the operator a mobile’s prefix names); createTopup makes an order and its payment, and you send the buyer to `payment_url`. Only once the payment has succeeded (the bank’s result verified, like every payment) is the top-up sent to the provider, with our order id (`id`) as the provider’s idempotency key, so a line is charged at most once whatever the retries:',
          '',
          '`awaiting_payment → paid → delivering → delivered | unknown → … | failed`; `awaiting_payment → canceled` when the payment fails.',
          '',
          '`unknown`: the provider said “in progress” or did not answer; it is asked again by our order id (after 1, 2, 4 … minutes, then hourly) until its answer is final. `failed`: a final refusal; the buyer is refunded automatically in full (`refund_id`; the bank’s own refund to the card where it has one, else a refund payout), and nothing is credited to you. `delivered`: the commission is credited at once (`commission`). Follow an order with getTopup, or the webhooks **topup.delivered** and **topup.failed** (data: the order as getTopup answers it, without payment_url); the buyer returns to your callback_url after paying, which says nothing about the delivery.',
          '',
          '**Operator detection is a hint.** Without `operator`, the operator is the one the number’s prefix names (MVNOs by their 5-digit prefixes); a ported number keeps its old prefix, so let the buyer name the operator and send it. A number whose prefix names no operator needs `operator` (else 400 operatorUnknown).',
          '',
          '**Test keys** sell the sandbox provider’s catalogue (labelled sandbox) and pay on the sandbox bank; nothing charges a real line. The sandbox decides by the mobile number’s last two digits:',
          ...SANDBOX_TOPUP_RULES.map(
            (r) => `- ${r.suffix === null ? 'any other number' : `ending in ${r.suffix}`}: the charge answers ${r.charge}, an inquiry ${r.inquire} (${r.en})`,
          ),
        ].join('\n'),
      },
      {
        name: 'split',
        description: [
          'Split invoices for marketplaces (POD’s split-invoice product, the same field names): the buyer pays one customer invoice; each party’s share is credited to that party’s own balance. They need a platform of the split payments service; the beneficiaries are added in the portal (listSplitBeneficiaries gives their ids) and each must have given your marketplace dealer permission for the items (all its products, or the listed `productId`s).',
          '',
          '**The rule.** Every line is quantity × unitPrice − discount, in integer Rials. mainInvoice’s lines (your own share) plus every subInvoice’s lines must equal customerInvoiceItems’ lines, exactly; a broken rule is a 400 validation_failed naming the part (`subInvoices.1.items.0.discount`, `customerInvoiceItems`: splitSumMismatch).',
          '',
          '**Life.** `open → paid → closed`, or `open → canceled | expired`. Send the buyer to `payment_url` (only the customer invoice is payable, through the usual gateways). When the payment succeeds, every share less its part of the fee is in its party’s pending balance (split_invoice.paid). Nothing becomes withdrawable for anyone until you close the invoice: closed by 22:00 Tehran, each share is withdrawable at the next 09:00 run. A closed invoice cannot be canceled; it (or a paid one) can be refunded with createRefund on its payment, and each party gives back its part pro rata (split_invoice.refunded).',
          '',
          '**Errors carry POD’s number** (`pod_code`) where its meaning applies: 4 not yours / permission denied, 45 already closed, 55 not paid, 58 waiting for verification (an invoice made with `verificationNeeded: true` is payable and closable only after verifySplitInvoice).',
          '',
          '**On POD’s rail** (a marketplace setting in the portal), live invoices are issued on POD too and the buyer pays on POD’s page; closing, verifying and canceling happen on POD first. POD refusing answers 502 upstream_refused with its number; POD not answering, 503 upstream_unavailable (retry with the same Idempotency-Key). Every beneficiary needs its POD business id (podBusinessIdMissing otherwise).',
        ].join('\n'),
      },
    ],
    paths: {
      '/token': {
        post: {
          operationId: 'getToken',
          tags: ['auth'],
          summary: 'Exchange an API key for a bearer token (getToken)',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: ref('TokenRequest') } } },
          responses: {
            '200': { description: 'A bearer token', content: { 'application/json': { schema: ref('TokenResponse') } } },
            ...errors(400, 401, 403, 413, 415, 429),
          },
        },
      },
      '/platform': {
        get: {
          operationId: 'getPlatform',
          tags: ['platform'],
          summary: 'The sales platform the key belongs to',
          responses: { '200': { description: 'The platform', content: { 'application/json': { schema: ref('Platform') } } }, ...errors(401, 403, 429) },
        },
      },
      '/services': {
        get: {
          operationId: 'listServices',
          tags: ['platform'],
          summary: 'The service catalogue with this merchant’s state for each',
          responses: { '200': { description: 'Services', content: { 'application/json': { schema: ref('ServiceList') } } }, ...errors(401, 403, 429) },
        },
      },
      '/payments': {
        post: {
          operationId: 'createPayment',
          tags: ['payments'],
          summary: 'Start a payment; send the payer to payment_url',
          description:
            'Test keys pay on the sandbox bank and never move the balance. After the payer returns to callback_url (with payment_id, order_id and status), read the payment with getPayment: only its state counts, never the query string. Send an Idempotency-Key to retry safely.\n\n**Virtual POS (TRY).** On a platform of the virtual POS service, send `currency: "TRY"` and the amount in kuruş; payment_url sends the payer to N Kolay’s own payment page (card data never reaches Dargah), on the platform’s POS definition or the one `pos_definition_id` names. A test key needs a test-environment definition, a live key a production one. The lira is paid by N Kolay to your company’s bank: Dargah records the payment (fee 0) and holds nothing. Refund it with createRefund: a cancel on the day of the sale (in full), a refund from the next day (in full or in part).',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePayment') } } },
          responses: {
            '201': { description: 'The payment', content: { 'application/json': { schema: ref('Payment') } } },
            ...errors(400, 401, 403, 409, 413, 415, 422, 429),
          },
        },
        get: {
          operationId: 'listPayments',
          tags: ['payments'],
          summary: 'Payments of this platform, newest first; filter by order_id',
          parameters: [
            { name: 'order_id', in: 'query', required: false, schema: { type: 'string', minLength: 1, maxLength: 64 }, description: 'No control characters' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          ],
          responses: { '200': { description: 'Payments', content: { 'application/json': { schema: ref('PaymentList') } } }, ...errors(400, 401, 403, 429) },
        },
      },
      '/payments/{id}': getById('getPayment', 'payments', 'One payment of this platform', 'Payment', 'The payment'),
      '/payments/{id}/refunds': {
        post: {
          operationId: 'createRefund',
          tags: ['refunds'],
          summary: 'Refund a succeeded payment, in full or in part',
          description:
            'The Idempotency-Key header is required: retrying with the same key answers the first result and never makes a second refund. Refused with refund_above_remaining above what is left of the payment (concurrent refunds included), with insufficient_balance when the balances do not cover it, with not_refundable for a payment that has not succeeded, and with dispute_open while the payer’s bank is deciding a complaint about it. Follow it with getRefund or the refund.* webhooks.',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The payment' },
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateRefund') } } },
          responses: {
            '201': {
              description: 'The refund, with the payer’s link when they must name an account',
              content: { 'application/json': { schema: ref('CreatedRefund') } },
            },
            ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429),
          },
        },
        get: {
          operationId: 'listRefunds',
          tags: ['refunds'],
          summary: 'The refunds of one payment of this platform, newest first',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The payment' }],
          responses: { '200': { description: 'Refunds', content: { 'application/json': { schema: ref('RefundList') } } }, ...errors(401, 403, 404, 429) },
        },
      },
      '/refunds/{id}': getById('getRefund', 'refunds', 'One refund of this platform', 'Refund', 'The refund'),
      '/payment-links': {
        post: {
          operationId: 'createPaymentLink',
          tags: ['payments'],
          summary: 'A one-off payment link with a fixed amount, an expiry and a usage limit',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePaymentLink') } } },
          responses: {
            '201': { description: 'The link', content: { 'application/json': { schema: ref('PaymentLink') } } },
            ...errors(400, 401, 403, 409, 413, 415, 422, 429),
          },
        },
      },
      '/balance': {
        get: {
          operationId: 'getBalance',
          tags: ['payments'],
          summary: 'Pending and withdrawable balances and fees of this platform, in Rials',
          responses: { '200': { description: 'The balance', content: { 'application/json': { schema: ref('Balance') } } }, ...errors(401, 403, 429) },
        },
      },
      '/payouts': {
        post: {
          operationId: 'createPayout',
          tags: ['payouts'],
          summary: 'Withdraw from the withdrawable balance to an approved bank account (live keys only)',
          description:
            'The Idempotency-Key header is required: retrying with the same key answers the first result and never makes a second payout. Staff approve the request, then the transfer goes out by Paya; follow it with getPayout or the payout.* webhooks.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePayout') } } },
          responses: {
            '201': { description: 'The payout, requested', content: { 'application/json': { schema: ref('Payout') } } },
            ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429),
          },
        },
        get: {
          operationId: 'listPayouts',
          tags: ['payouts'],
          summary: 'Payouts of this platform, newest first, 25 a page',
          parameters: [
            { name: 'state', in: 'query', required: false, schema: { type: 'string', enum: [...payoutStates] } },
            { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
          ],
          responses: { '200': { description: 'Payouts', content: { 'application/json': { schema: ref('PayoutList') } } }, ...errors(400, 401, 403, 429) },
        },
      },
      '/payouts/{id}': getById('getPayout', 'payouts', 'One payout of this platform', 'Payout', 'The payout'),
      '/bank-accounts': {
        get: {
          operationId: 'listBankAccounts',
          tags: ['payouts'],
          summary: 'The bank accounts usable for payouts of this platform (its own and the business-wide ones)',
          responses: {
            '200': { description: 'Bank accounts', content: { 'application/json': { schema: ref('BankAccountList') } } },
            ...errors(401, 403, 429),
          },
        },
      },

      '/ivr/invoices': {
        post: {
          operationId: 'createIvrInvoice',
          tags: ['ivr'],
          summary: 'An invoice to pay by phone; read its tracking_code to the caller',
          description:
            'The fields of PayStar’s create-factor. The invoice follows the key’s mode (test keys: sandbox). Send an Idempotency-Key to retry safely: on PayStar’s rail a 503 upstream_unavailable is worth retrying with the same key, a 502 upstream_refused is not. With an Idempotency-Key on PayStar’s rail the invoice is kept first and PayStar asked right after, so a call cut off in between is never made twice at PayStar; should PayStar not answer then, the answer is 202 with state `creating` (its tracking_code a placeholder) and the invoice is completed within minutes: read it by its id.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateIvrInvoice') } } },
          responses: {
            '201': { description: 'The invoice', content: { 'application/json': { schema: ref('IvrInvoice') } } },
            '202': {
              description: 'Kept, waiting for PayStar’s factor (state creating; PayStar is asked again within minutes): read it by its id',
              content: { 'application/json': { schema: ref('IvrInvoice') } },
            },
            ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503),
          },
        },
      },
      '/ivr/invoices/{tracking_code}': {
        get: {
          operationId: 'getIvrInvoice',
          tags: ['ivr'],
          summary: 'The result inquiry: one invoice of this platform and mode by its tracking code',
          parameters: [
            {
              name: 'tracking_code',
              in: 'path',
              required: true,
              schema: { type: 'string', maxLength: 36 },
              description: 'The invoice’s tracking code (digits), or its id (a creating invoice has no tracking code yet); anything else is not found',
            },
          ],
          responses: {
            '200': { description: 'The invoice, with its current payment', content: { 'application/json': { schema: ref('IvrInvoice') } } },
            ...errors(401, 403, 404, 429),
          },
        },
      },
      // For IVR systems, in PayStar's shapes: outside /api/v1 and its JSON convention.
      '/ivr/transactions': {
        servers: [{ url: `${baseUrl}/api`, description: 'The IVR endpoints, outside /api/v1' }],
        post: {
          operationId: 'ivrLookup',
          tags: ['ivr'],
          summary: 'The IVR’s look-up: a transaction for the bank’s IVR, or an error code to play',
          description:
            'Called by the IVR once the caller has keyed the invoice id (ivr 0), or by your own IVR with its order (ivr 1). Both answers are HTTP 200: they are about the call, not the request. Wrong invoice ids are counted per caller number, atomically across instances; past the cap that caller hears 5 for any invoice until the window passes.',
          security: [{ ivrCredential: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('IvrLookup'),
                examples: {
                  invoice: {
                    summary: 'Mode 1: the invoice id the caller keyed',
                    value: { invoice_id: 48213675, merchant_cid: '09121234567', ivr: 0, type: 1 },
                  },
                  ivrToIvr: {
                    summary: 'Mode 2: an order of your own IVR',
                    value: {
                      order_id: '1613848397.81207-9050-30',
                      merchant_cid: '0915***7796',
                      amount: 180000,
                      trunk_id: 'TkdpUQngERd1apGJvoHB',
                      ivr: 1,
                      type: 1,
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'A transaction to hand the call over with, or an error code (1–5) and its message',
              content: { 'application/json': { schema: ref('IvrLookupAnswer') } },
            },
            '400': {
              description: 'The body is not valid JSON or not one of the two bodies',
              content: { 'application/json': { schema: ref('IvrBadRequest') } },
            },
            '413': { description: 'The body is larger than 4 KB', content: { 'application/json': { schema: ref('IvrBadRequest') } } },
            '415': { description: 'The body is not application/json', content: { 'application/json': { schema: ref('IvrBadRequest') } } },
            '429': {
              description: 'Too many unknown credentials from this address (counted with /api/v1’s failed authentications); see Retry-After',
              headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
              content: { 'application/json': { schema: ref('IvrThrottled') } },
            },
            '503': { description: 'Briefly unavailable; try again', content: { 'application/json': { schema: ref('IvrUnavailable') } } },
          },
        },
      },
      '/ivr/get-transaction-result': {
        servers: [{ url: `${baseUrl}/api`, description: 'The IVR endpoints, outside /api/v1' }],
        get: {
          operationId: 'getIvrTransactionResult',
          tags: ['ivr'],
          summary: 'The result inquiry in PayStar’s get-transaction-result shape',
          description:
            'For integrations coming from PayStar: an API key (or token) in place of PayStar’s gateway id. The tracking code goes in the query; a JSON body `{"tracking_code"}` on the GET, as PayStar documents it, is read too. An unknown tracking code is status -5 with HTTP 200; credentials are refused in /api/v1’s convention.',
          parameters: [
            { name: 'tracking_code', in: 'query', required: false, schema: { type: 'string', maxLength: 40 }, description: 'The invoice’s tracking code' },
          ],
          responses: {
            '200': { description: 'status 1 and the invoice, or status -5', content: { 'application/json': { schema: ref('PaystarResult') } } },
            ...errors(401, 403, 429),
          },
        },
      },
      '/topup/products': {
        get: {
          operationId: 'listTopupProducts',
          tags: ['topup'],
          summary: 'The products this platform may sell, for an operator or the operator a mobile’s prefix names',
          description:
            'Direct top-ups say which amounts they take (a fixed list in `amounts`, or `min_amount`–`max_amount` by `step`); packages and PINs have a fixed `price`. Without operator or mobile, every operator’s products. A mobile whose prefix names no operator is a 400 unless operator is given.',
          parameters: [
            {
              name: 'operator',
              in: 'query',
              required: false,
              schema: request(topupProductsQuerySchema.shape.operator.unwrap()),
              description: 'Named explicitly (a ported number); takes precedence over the mobile’s prefix',
            },
            {
              name: 'mobile',
              in: 'query',
              required: false,
              schema: { type: 'string', maxLength: 40 },
              description: 'A mobile to detect the operator from (09xxxxxxxxx, +989…, Persian digits accepted); the answer names it in detected_operator',
            },
            { name: 'kind', in: 'query', required: false, schema: request(topupProductsQuerySchema.shape.kind.unwrap()) },
          ],
          responses: {
            '200': { description: 'Products', content: { 'application/json': { schema: ref('TopupProductList') } } },
            ...errors(400, 401, 403, 429, 503),
          },
        },
      },
      '/topups': {
        post: {
          operationId: 'createTopup',
          tags: ['topup'],
          summary: 'A top-up order; send the buyer to payment_url',
          description: [
            'A product (`product_id`: a package, a PIN, or a direct top-up) or, for a direct top-up, just an `amount` the operator’s direct product allows. The order follows the key’s mode (test keys: the sandbox provider and bank).',
            '',
            'The Idempotency-Key header is required: a retried request must not sell a second top-up. With the same key a retry answers the first order (and its payment_url); without it, a retry after a lost answer would be refused as a duplicate order_id with no way to learn the order, or, with a fresh order_id, sell the buyer a second one.',
            '',
            'Refusals: 400 validation_failed with the field — `mobile` mobileInvalid; `operator` operatorUnknown (no such operator, or none named and the prefix names none); `product_id` productUnknown (not offered, hidden or withdrawn) or productOperatorMismatch (another operator’s product); `amount` amountNotAllowed (not one the product takes, or not its price) or amountRequired (a product without a fixed price needs an amount); and 400 callback_url_not_allowed when callback_url does not start with one of the platform’s callback URLs. 409 duplicate_order_id: this order_id was already used on this platform (and mode). 503 upstream_unavailable: no top-up provider is configured for live top-ups right now; retry later with the same Idempotency-Key.',
          ].join('\n'),
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateTopup') } } },
          responses: {
            '201': { description: 'The order, awaiting payment at payment_url', content: { 'application/json': { schema: ref('Topup') } } },
            ...errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
          },
        },
      },
      '/topups/{id}': getById('getTopup', 'topup', 'One top-up order of this platform and mode, with its delivery state', 'Topup', 'The order'),
      '/split-invoices': {
        post: {
          operationId: 'createSplitInvoice',
          tags: ['split'],
          summary: 'A split invoice (POD’s issueMultiInvoice); send the buyer to payment_url',
          description:
            'The Idempotency-Key header is required. 409 duplicate_bill_number: the bill number was used before on this platform and mode; `error.existing_invoice` is that invoice. 403 permission_denied (pod_code 4): a beneficiary has not given permission for these items (or revoked it), `fields` names the sub-invoice. 400 validation_failed: a broken rule, by field; mainShareBelowFee when you pay the fee and your share cannot carry it; callbackNotAllowed when callbackUrl does not start with one of the platform’s callback URLs.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateSplitInvoice') } } },
          responses: {
            '201': { description: 'The invoice, open', content: { 'application/json': { schema: ref('SplitInvoice') } } },
            ...errors(400, 401, 403, 409, 413, 415, 422, 429, 502, 503),
          },
        },
        get: {
          operationId: 'listSplitInvoices',
          tags: ['split'],
          summary: 'This marketplace’s split invoices in the key’s mode, newest first',
          parameters: [
            { name: 'state', in: 'query', required: false, schema: { type: 'string', enum: [...splitInvoiceStates] } },
            { name: 'billNumber', in: 'query', required: false, schema: { type: 'string', maxLength: 64 } },
            { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Made on or after this Tehran day' },
            { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Made on or before this Tehran day' },
            { name: 'before', in: 'query', required: false, schema: { type: 'string' }, description: 'next_before of the previous page' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
          ],
          responses: {
            '200': { description: 'Invoices', content: { 'application/json': { schema: ref('SplitInvoiceList') } } },
            ...errors(400, 401, 403, 429),
          },
        },
      },
      '/split-invoices/{id}': getById(
        'getSplitInvoice',
        'split',
        'One split invoice with every part, its payment and what has settled',
        'SplitInvoice',
        'The invoice',
      ),
      ...Object.fromEntries(
        (
          [
            [
              'close',
              'closeSplitInvoice',
              'Close a paid invoice (POD’s closeInvoice): its shares settle at the next run. 409 not_paid (55), already_closed (45), awaiting_verification (58); 404 (4)',
            ],
            [
              'verify',
              'verifySplitInvoice',
              'Verify an invoice made with verificationNeeded: only then is it payable and closable. 409 verification_not_needed',
            ],
            ['cancel', 'cancelSplitInvoice', 'Cancel an open invoice nobody is paying. 409 not_cancelable (a paid or closed invoice is refunded instead)'],
          ] as const
        ).map(([op, operationId, summary]) => [
          `/split-invoices/{id}/${op}`,
          {
            post: {
              operationId,
              tags: ['split'],
              summary,
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
              responses: {
                '200': { description: 'The invoice', content: { 'application/json': { schema: ref('SplitInvoice') } } },
                ...errors(401, 403, 404, 409, 429, 502, 503),
              },
            },
          },
        ]),
      ),
      '/split-beneficiaries': {
        get: {
          operationId: 'listSplitBeneficiaries',
          tags: ['split'],
          summary: 'This marketplace’s beneficiaries and the dealer permission each gave',
          responses: {
            '200': { description: 'Beneficiaries', content: { 'application/json': { schema: ref('SplitBeneficiaryList') } } },
            ...errors(401, 403, 429),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key (dk_test_…, dk_live_…) or an access token from /token' },
        ivrCredential: {
          type: 'http',
          scheme: 'bearer',
          description: 'The platform’s IVR credential (ivr_…), from its IVR settings; only for the IVR’s look-up',
        },
      },
      schemas: {
        TokenRequest: schema(tokenRequestSchema),
        TokenResponse: schema(tokenResponseSchema),
        Platform: schema(platformResponseSchema),
        ServiceList: schema(servicesResponseSchema),
        CreatePayment: schema(createPaymentRequestSchema),
        Payment: schema(paymentResponseSchema),
        PaymentList: schema(paymentListResponseSchema),
        CreatePaymentLink: schema(createPaymentLinkRequestSchema),
        PaymentLink: schema(paymentLinkResponseSchema),
        Balance: schema(balanceResponseSchema),
        CreatePayout: schema(createPayoutRequestSchema),
        Payout: schema(payoutResponseSchema),
        PayoutList: schema(payoutListResponseSchema),
        BankAccountList: schema(bankAccountListResponseSchema),
        CreateRefund: schema(createRefundRequestSchema),
        Refund: schema(refundResponseSchema),
        CreatedRefund: schema(createRefundResponseSchema),
        RefundList: schema(refundListResponseSchema),
        CreateIvrInvoice: request(createIvrInvoiceRequestSchema, {
          amount: 'Integer Rials, 5 000 to 500 000 000 000 (PayStar’s minimum): a JSON integer or a string of digits (Persian digits accepted)',
          order_id: 'Your order id; unique per platform (and per test/live mode)',
          customer_name: 'Optional; null or "" is none',
          email: 'Optional; null or "" is none',
          phone:
            'The customer’s phone, 4–15 digits with an optional leading + (spaces, dashes and Persian digits accepted); a mobile number gets the invoice by SMS from the portal. Optional; null or "" is none',
        }),
        IvrInvoice: schema(ivrInvoiceResponseSchema),
        IvrLookup: request(ivrLookupSchema, {
          ivr: '0: the caller keyed an invoice id; 1: an order of your own IVR (IVR-to-IVR)',
          type: 'Always 1',
          invoice_id: 'The digits the caller keyed (a number or a string)',
          merchant_cid: 'The caller number; digits, * where the IVR masks them',
          order_id: 'Your IVR’s order id (e.g. its UNIQUEID), 1–64 of letters, digits and _ . : * -; unique per platform',
          amount: 'Integer Rials, 5 000 to 500 000 000 000: a JSON integer or a string of digits',
          trunk_id: 'The platform’s trunk id, from its IVR settings',
        }),
        IvrLookupAnswer: schema(ivrLookupResponseSchema),
        IvrBadRequest: schema(ivrBadRequestSchema),
        IvrUnavailable: schema(ivrUnavailableSchema),
        IvrThrottled: schema(ivrThrottledSchema),
        PaystarResult: schema(paystarResultResponseSchema),
        TopupProductList: schema(topupProductListResponseSchema),
        CreateTopup: request(createTopupRequestSchema, {
          amount:
            'Integer Rials: a JSON integer or a string of digits (Persian digits, spaces and thousands separators accepted). Required for a direct top-up without product_id; with a product, its price (or omit it) or one of the amounts it takes. null or "" is none',
        }),
        Topup: schema(topupResponseSchema),
        CreateSplitInvoice: request(createSplitInvoiceSchema),
        SplitInvoice: schema(splitInvoiceResponseSchema),
        SplitInvoiceList: schema(splitInvoiceListResponseSchema),
        SplitBeneficiaryList: schema(splitBeneficiaryListResponseSchema),
        ...Object.fromEntries(Object.entries(ERROR_CODES).map(([status, codes]) => [`Error${status}`, errorOf(codes)])),
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: ref(`Error${status}`) } } },
        ]),
      ),
    },
  };
}
