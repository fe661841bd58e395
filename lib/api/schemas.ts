import { z } from 'zod';

/** The API's request and answer shapes: validation and the OpenAPI document come from these. */

export const tokenRequestSchema = z.strictObject({
  api_key: z.string().min(1).max(200).describe('The platform API key, dk_test_… or dk_live_…'),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().describe('Send as `Authorization: Bearer <access_token>`'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires (3600)'),
});

export const serviceSchema = z.object({
  id: z.enum(['charge', 'payment', 'ivr', 'split', 'vpos']),
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
  }),
});
