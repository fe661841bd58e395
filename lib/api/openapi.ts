import { z } from 'zod';
import { errorSchema, platformResponseSchema, servicesResponseSchema, tokenRequestSchema, tokenResponseSchema } from './schemas';

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
    403: 'The key may not be used from this address, or its platform is not active',
    413: 'The body is larger than 64 KB',
    415: 'The body is not application/json',
    429: 'Too many requests for this key; see Retry-After',
  };
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
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (dk_test_…, dk_live_…) or an access token from /token' } },
      schemas: {
        TokenRequest: schema(tokenRequestSchema),
        TokenResponse: schema(tokenResponseSchema),
        Platform: schema(platformResponseSchema),
        ServiceList: schema(servicesResponseSchema),
        Error: schema(errorSchema),
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([code, description]) => [`Error${code}`, { description, content: { 'application/json': { schema: ref('Error') } } }]),
      ),
    },
  };
}
