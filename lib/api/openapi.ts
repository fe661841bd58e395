import { z } from 'zod';
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
  paymentLinkResponseSchema,
  paymentListResponseSchema,
  paymentResponseSchema,
  platformResponseSchema,
  refundListResponseSchema,
  refundResponseSchema,
  servicesResponseSchema,
  tokenRequestSchema,
  tokenResponseSchema,
} from './schemas';

/** The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the handlers use. */
export function openApiDocument(baseUrl: string) {
  const schema = (s: z.ZodType) => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
    void _drop;
    return rest;
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
    403: 'The key may not be used from this address, or its platform is not active (or not of the payment service), or a test key asked for a payout',
    404: 'No such resource for this platform',
    409: 'A payment with this order_id already exists, the payment cannot be refunded (it has not succeeded, or a bank complaint about it is open), or the first request with this Idempotency-Key is still running',
    413: 'The body is larger than 64 KB',
    415: 'The body is not application/json',
    422: 'This Idempotency-Key was already used with another request',
    429: 'Too many requests for this sales platform, or too many failed authentications from this address; see Retry-After',
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
    403: ['ip_not_allowed', 'platform_inactive', 'service_not_enabled', 'live_key_required'],
    404: ['not_found'],
    409: ['duplicate_order_id', 'not_refundable', 'dispute_open', 'idempotency_in_progress', 'idempotency_conflict'],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    422: ['idempotency_key_reused'],
    429: ['rate_limited', 'too_many_failed_attempts'],
  };
  const errorOf = (codes: [string, ...string[]]) =>
    schema(z.object({ error: errorSchema.shape.error.extend({ code: z.enum(codes).describe('A stable, machine-readable code') }) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dargah merchant API',
      version: '1.0.0',
      description: 'Authenticate with a platform API key (Authorization: Bearer dk_…), or exchange it at /token for a bearer token valid one hour.',
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
            'Test keys pay on the sandbox bank and never move the balance. After the payer returns to callback_url (with payment_id, order_id and status), read the payment with getPayment: only its state counts, never the query string. Send an Idempotency-Key to retry safely.',
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
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (dk_test_…, dk_live_…) or an access token from /token' } },
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
