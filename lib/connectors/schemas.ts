import { z } from 'zod';
import { toAsciiDigits } from '@/lib/validation/digits';
import { CONTROL_CHARS, singleLine } from '@/lib/validation/text';

/**
 * The connector kinds and the typed fields of each: one zod schema per kind, shared by the staff
 * form, the action and `lib/connectors`. Each kind names its own credentials (PayStar's online
 * gateway signs with `signKey`; its IVR has a gateway id only; the top-up aggregator Esaj takes a
 * bearer `apiKey`; POD takes a business `token` and a service key `apiKey`, and has a payment-page
 * host and a sandbox switch besides its platform address), so one provider's `pin`, another's
 * `gateway_id` and a third's `secret` never share a loose bag of strings.
 *
 * Field messages are keys under `connectors.errors.*` (then `errors.*`).
 */
export const CONNECTOR_IDS = ['paystar', 'paystar-ivr', 'esaj', 'pod'] as const;
export type ConnectorId = (typeof CONNECTOR_IDS)[number];

export const TIMEOUT_MIN_MS = 1_000;
export const TIMEOUT_MAX_MS = 60_000;

/** http(s), no user name or password in it; where it may point is checked by the server (`lib/net`). */
export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && Boolean(u.hostname) && !u.search && !u.hash;
  } catch {
    return false;
  }
}

const baseUrl = z
  .string()
  .trim()
  .min(1, 'required')
  .max(300, 'tooLong')
  .refine(singleLine, CONTROL_CHARS)
  .refine(isHttpUrl, 'baseUrlInvalid')
  .transform((v) => v.replace(/\/+$/, ''));

const timeoutMs = z
  .union([z.string(), z.number()])
  .transform((v) => toAsciiDigits(String(v)).trim())
  .refine((v) => /^\d{1,6}$/.test(v) && Number(v) >= TIMEOUT_MIN_MS && Number(v) <= TIMEOUT_MAX_MS, 'timeoutInvalid')
  .transform(Number);

/**
 * A secret as typed: blank keeps the one already saved (the form never shows it back); otherwise
 * 8 to 200 printable ASCII characters without spaces, as upstream ids and keys are.
 */
const secretInput = z
  .string()
  .trim()
  .max(200, 'tooLong')
  .refine((v) => v === '' || /^[\x21-\x7e]{8,200}$/.test(v), 'secretInvalid');

export const saveConnectorSchemas = {
  paystar: z.object({ id: z.literal('paystar'), enabled: z.boolean(), baseUrl, timeoutMs, gatewayId: secretInput, signKey: secretInput }),
  'paystar-ivr': z.object({ id: z.literal('paystar-ivr'), enabled: z.boolean(), baseUrl, timeoutMs, gatewayId: secretInput }),
  esaj: z.object({ id: z.literal('esaj'), enabled: z.boolean(), baseUrl, timeoutMs, apiKey: secretInput }),
  // POD: `baseUrl` is the platform API (…/srv/sc), `payBaseUrl` the payment pages' host; `sandbox` picks the sandbox service ids.
  pod: z.object({
    id: z.literal('pod'),
    enabled: z.boolean(),
    baseUrl,
    payBaseUrl: baseUrl,
    sandbox: z.boolean(),
    timeoutMs,
    token: secretInput,
    apiKey: secretInput,
  }),
} satisfies Record<ConnectorId, z.ZodObject>;

/** One save (or connection test) of any kind; `id` picks the kind's fields. */
export const saveConnectorSchema = z.discriminatedUnion('id', [
  saveConnectorSchemas.paystar,
  saveConnectorSchemas['paystar-ivr'],
  saveConnectorSchemas.esaj,
  saveConnectorSchemas.pod,
]);
export type SaveConnectorInput = z.output<typeof saveConnectorSchema>;

/** The secret a kind's connection test proves (sent as the bearer credential; POD's as its `_token_`, with its service key). */
export const PROVING_SECRET = { paystar: 'gatewayId', 'paystar-ivr': 'gatewayId', esaj: 'apiKey', pod: 'token' } as const satisfies Record<ConnectorId, string>;

/** The secret fields of each kind: sealed at rest, shown only by their last four characters. */
export const SECRET_FIELDS = {
  paystar: ['gatewayId', 'signKey'],
  'paystar-ivr': ['gatewayId'],
  esaj: ['apiKey'],
  pod: ['token', 'apiKey'],
} as const satisfies Record<ConnectorId, readonly string[]>;
export type SecretField<K extends ConnectorId> = (typeof SECRET_FIELDS)[K][number];

/** What a kind runs on once configured: its settings and every secret. */
export const connectorSettingsSchemas = {
  paystar: z.object({ baseUrl: z.string(), timeoutMs: z.number().int(), gatewayId: z.string().min(1), signKey: z.string().min(1) }),
  'paystar-ivr': z.object({ baseUrl: z.string(), timeoutMs: z.number().int(), gatewayId: z.string().min(1) }),
  // Esaj has no address to default to: without one (TOPUP_ESAJ_BASE_URL or saved here) it is not configured.
  esaj: z.object({ baseUrl: z.string().min(1), timeoutMs: z.number().int(), apiKey: z.string().min(1) }),
  // POD likewise: both addresses and both secrets, or not configured.
  pod: z.object({
    baseUrl: z.string().min(1),
    payBaseUrl: z.string().min(1),
    sandbox: z.boolean(),
    timeoutMs: z.number().int(),
    token: z.string().min(1),
    apiKey: z.string().min(1),
  }),
} satisfies Record<ConnectorId, z.ZodObject>;
export type ConnectorSettings<K extends ConnectorId> = z.output<(typeof connectorSettingsSchemas)[K]>;
