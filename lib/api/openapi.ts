import { z } from 'zod';
import {
  balanceResponseSchema,
  createPaymentLinkRequestSchema,
  createPaymentRequestSchema,
  errorSchema,
  paymentLinkResponseSchema,
  paymentListResponseSchema,
  paymentResponseSchema,
  platformResponseSchema,
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
  const ERROR_TEXT: Record<number, string> = {
    400: 'The body or a parameter is not valid',
    401: 'No credential, or an unknown, revoked or expired key or token',
    403: 'The key may not be used from this address, or its platform is not active (or not of the payment service)',
    404: 'No such resource for this platform',
    409: 'A payment with this order_id already exists, or the first request with this Idempotency-Key is still running',
    413: 'The body is larger than 64 KB',
    415: 'The body is not application/json',
    422: 'This Idempotency-Key was already used with another request',
    429: 'Too many requests for this sales platform, or too many failed authentications from this address; see Retry-After',
  };
  // Each status's response names the error codes it can carry (the fuzz test holds the handlers to these).
  const ERROR_CODES: Record<number, [string, ...string[]]> = {
    400: ['validation_failed', 'invalid_json', 'invalid_idempotency_key', 'callback_url_not_allowed'],
    401: ['unauthenticated', 'key_malformed', 'key_unknown', 'key_revoked', 'key_expired', 'token_invalid', 'token_expired'],
    403: ['ip_not_allowed', 'platform_inactive', 'service_not_enabled'],
    404: ['not_found'],
    409: ['duplicate_order_id', 'idempotency_in_progress', 'idempotency_conflict'],
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
      '/payments/{id}': {
        get: {
          operationId: 'getPayment',
          tags: ['payments'],
          summary: 'One payment of this platform',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'The payment', content: { 'application/json': { schema: ref('Payment') } } }, ...errors(401, 403, 404, 429) },
        },
      },
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
