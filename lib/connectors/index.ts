import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { connectors, users, type Connector } from '@/db/schema';
import { assertStaff, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { open, seal } from '@/lib/crypto/secretbox';
import { env } from '@/lib/env';
import { checkOutboundUrl, STRICT_POLICY, type OutboundPolicy } from '@/lib/net/url';
import { fieldErr, ok, type Result } from '@/lib/result';
import {
  CONNECTOR_IDS,
  connectorSettingsSchemas,
  PROVING_SECRET,
  SECRET_FIELDS,
  type ConnectorId,
  type ConnectorSettings,
  type SaveConnectorInput,
} from './schemas';
import { testConnection, type ConnectionTest } from './test-connection';
import { logger } from '@/lib/log';

export { CONNECTOR_IDS, saveConnectorSchema, saveConnectorSchemas, type ConnectorId, type ConnectorSettings, type SaveConnectorInput } from './schemas';
export type { ConnectionTest } from './test-connection';

/**
 * Upstream connectors (PayStar's online gateway and its IVR, the top-up aggregator Esaj, POD's business platform):
 * what each runs on, staff changing it on /admin/connectors, and a harmless call that proves it.
 *
 * What a connector runs on is read on every use, one primary-key query: the row staff saved first,
 * then the environment's defaults field by field (PAYSTAR_* for both PayStar kinds, TOPUP_ESAJ_* for Esaj, POD_* for POD). No process
 * keeps a copy, so a change holds on every instance from the next request on. Secrets are sealed at
 * rest (`lib/crypto/secretbox`); a save with a secret left blank keeps the one saved before; staff
 * see only a secret's last four characters, and so does the audit trail.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;

/** `payBaseUrl` and `sandbox`: POD's only (its payment pages' host, its sandbox service ids). */
type Plain = { baseUrl: string; timeoutMs: number; payBaseUrl?: string; sandbox?: boolean };
type Secrets = Partial<Record<string, string>>;

/** The environment's defaults of a kind. */
function envDefaults(id: ConnectorId): { settings: Plain; secrets: Secrets } {
  const e = env();
  if (id === 'esaj') {
    return {
      settings: { baseUrl: (e.TOPUP_ESAJ_BASE_URL ?? '').replace(/\/+$/, ''), timeoutMs: DEFAULT_TIMEOUT_MS },
      secrets: { apiKey: e.TOPUP_ESAJ_API_KEY || undefined },
    };
  }
  if (id === 'pod') {
    return {
      settings: {
        baseUrl: (e.POD_BASE_URL ?? '').replace(/\/+$/, ''),
        payBaseUrl: (e.POD_PAY_BASE_URL ?? '').replace(/\/+$/, ''),
        sandbox: e.POD_SANDBOX,
        timeoutMs: DEFAULT_TIMEOUT_MS,
      },
      secrets: { token: e.POD_TOKEN || undefined, apiKey: e.POD_API_KEY || undefined },
    };
  }
  const settings = { baseUrl: e.PAYSTAR_BASE_URL.replace(/\/+$/, ''), timeoutMs: DEFAULT_TIMEOUT_MS };
  if (id === 'paystar') return { settings, secrets: { gatewayId: e.PAYSTAR_GATEWAY_ID || undefined, signKey: e.PAYSTAR_SIGN_KEY || undefined } };
  return { settings, secrets: { gatewayId: e.PAYSTAR_IVR_GATEWAY_ID || undefined } };
}

/** The saved settings a row holds (only the known fields, of the right type). */
function savedSettings(row: Connector | undefined): Partial<Plain> {
  const s = row?.settings ?? {};
  return {
    ...(typeof s.baseUrl === 'string' && s.baseUrl ? { baseUrl: s.baseUrl } : {}),
    ...(typeof s.timeoutMs === 'number' && Number.isInteger(s.timeoutMs) ? { timeoutMs: s.timeoutMs } : {}),
    ...(typeof s.payBaseUrl === 'string' && s.payBaseUrl ? { payBaseUrl: s.payBaseUrl } : {}),
    // Kept as 0/1: the column holds strings and numbers.
    ...(s.sandbox === 0 || s.sandbox === 1 ? { sandbox: s.sandbox === 1 } : {}),
  };
}

/** A kind's settings as the row keeps them. */
function storedSettings(settings: Plain): Record<string, string | number> {
  const { sandbox, payBaseUrl, ...rest } = settings;
  return { ...rest, ...(payBaseUrl !== undefined ? { payBaseUrl } : {}), ...(sandbox !== undefined ? { sandbox: sandbox ? 1 : 0 } : {}) };
}

/** The settings a save names (POD's two more than the others'). */
function inputSettings(input: SaveConnectorInput): Plain {
  const settings: Plain = { baseUrl: input.baseUrl, timeoutMs: input.timeoutMs };
  return input.id === 'pod' ? { ...settings, payBaseUrl: input.payBaseUrl, sandbox: input.sandbox } : settings;
}

/**
 * The row's secrets, opened. A row sealed under another key (ENCRYPTION_KEY changed) opens to
 * nothing: the kind falls back to the environment and the page asks staff to enter them again.
 */
function savedSecrets(row: Connector | undefined): { secrets: Secrets; unreadable: boolean } {
  if (!row?.secrets) return { secrets: {}, unreadable: false };
  try {
    const parsed = JSON.parse(open(row.secrets)) as unknown;
    if (!parsed || typeof parsed !== 'object') return { secrets: {}, unreadable: true };
    const secrets: Secrets = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && v) secrets[k] = v;
    return { secrets, unreadable: false };
  } catch {
    logger({ module: 'connectors' }).error({ connector: row.id }, 'connector secrets cannot be opened with this ENCRYPTION_KEY/AUTH_SECRET');
    return { secrets: {}, unreadable: true };
  }
}

async function rowOf(db: DbOrTx, id: ConnectorId, forUpdate = false): Promise<Connector | undefined> {
  const q = db.select().from(connectors).where(eq(connectors.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

type Effective = {
  settings: Plain;
  secrets: Secrets;
  /** Where each secret comes from. */
  secretSource: Record<string, 'page' | 'env' | null>;
  enabled: boolean;
  unreadable: boolean;
};

function effective(id: ConnectorId, row: Connector | undefined): Effective {
  const defaults = envDefaults(id);
  const saved = savedSecrets(row);
  const secrets: Secrets = {};
  const secretSource: Effective['secretSource'] = {};
  for (const f of SECRET_FIELDS[id]) {
    secrets[f] = saved.secrets[f] ?? defaults.secrets[f];
    secretSource[f] = saved.secrets[f] ? 'page' : defaults.secrets[f] ? 'env' : null;
  }
  return { settings: { ...defaults.settings, ...savedSettings(row) }, secrets, secretSource, enabled: row?.enabled ?? true, unreadable: saved.unreadable };
}

function typed<K extends ConnectorId>(id: K, e: Effective): ConnectorSettings<K> | null {
  const parsed = connectorSettingsSchemas[id].safeParse({ ...e.settings, ...e.secrets });
  return parsed.success ? (parsed.data as ConnectorSettings<K>) : null;
}

/**
 * What a connector runs on now, typed per kind, or null while it is not configured (a secret it
 * needs is neither saved nor in the environment). `enabled` false: staff switched it off for new
 * payments; payments already under way still verify through it.
 */
export async function connectorSettings<K extends ConnectorId>(db: DbOrTx, id: K): Promise<(ConnectorSettings<K> & { enabled: boolean }) | null> {
  const e = effective(id, await rowOf(db, id));
  const s = typed(id, e);
  return s ? { ...s, enabled: e.enabled } : null;
}

// ---------------------------------------------------------------- staff

/**
 * Where a connector may point: public https only, unless APP_ENV says development or test, where
 * http and internal addresses are allowed too (tests and the dev sandbox run fakes on 127.0.0.1).
 * Read from the environment on every call, as `outboundPolicy()` is.
 */
export function connectorPolicy(): OutboundPolicy {
  const appEnv = process.env.APP_ENV;
  return appEnv === 'development' || appEnv === 'test' ? { allowHttp: true, allowPrivate: true } : STRICT_POLICY;
}

function hintOf(secret: string | undefined): string | null {
  return secret && secret.length >= 8 ? secret.slice(-4) : null;
}

export type ConnectorView = {
  id: ConnectorId;
  /** `page`: staff saved it here; `env`: it runs on the environment's values; `none`: a secret it needs is missing. */
  state: 'page' | 'env' | 'none';
  enabled: boolean;
  baseUrl: string;
  timeoutMs: number;
  /** POD only: its payment pages' host and whether it runs on the sandbox service ids. */
  payBaseUrl?: string;
  sandbox?: boolean;
  secrets: { field: string; source: 'page' | 'env' | null; hint: string | null }[];
  /** Saved secrets that this key cannot open: they must be entered again. */
  unreadable: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
};

/** Every connector kind as staff see it: never a secret, only its last four characters. */
export async function listConnectors(db: DbOrTx, staff: StaffActor): Promise<ConnectorView[]> {
  assertStaff(staff);
  const rows = await db
    .select({ row: connectors, firstName: users.firstName, lastName: users.lastName })
    .from(connectors)
    .leftJoin(users, eq(users.id, connectors.updatedBy));
  return CONNECTOR_IDS.map((id) => {
    const found = rows.find((r) => r.row.id === id);
    const e = effective(id, found?.row);
    return {
      id,
      state: !typed(id, e) ? 'none' : found ? 'page' : 'env',
      enabled: e.enabled,
      baseUrl: e.settings.baseUrl,
      timeoutMs: e.settings.timeoutMs,
      ...(id === 'pod' ? { payBaseUrl: e.settings.payBaseUrl ?? '', sandbox: e.settings.sandbox ?? false } : {}),
      secrets: SECRET_FIELDS[id].map((field) => ({ field, source: e.secretSource[field], hint: hintOf(e.secrets[field]) })),
      unreadable: e.unreadable,
      updatedAt: found?.row.updatedAt ?? null,
      updatedBy: found && found.firstName !== null ? `${found.firstName} ${found.lastName}` : null,
    };
  });
}

/** The typed secrets of an input (blank ones left out: they keep what was saved). */
function typedSecrets(input: SaveConnectorInput): Secrets {
  const out: Secrets = {};
  for (const f of SECRET_FIELDS[input.id]) {
    const v = (input as Record<string, unknown>)[f];
    if (typeof v === 'string' && v) out[f] = v;
  }
  return out;
}

/** Base URLs this deployment may call (POD's payment pages too: payers are sent there), as field errors when not. */
function urlRefusal(input: SaveConnectorInput) {
  const urls: [string, string][] = [['baseUrl', input.baseUrl]];
  if (input.id === 'pod') urls.push(['payBaseUrl', input.payBaseUrl]);
  const errors: Record<string, string> = {};
  for (const [field, url] of urls) {
    const verdict = checkOutboundUrl(url, connectorPolicy());
    if (!verdict.ok) errors[field] = verdict.reason === 'invalid' ? 'baseUrlHttps' : 'baseUrlNotAllowed';
  }
  return Object.keys(errors).length ? fieldErr(errors) : null;
}

/** The secrets a kind needs that are neither typed, saved nor in the environment. */
function missingSecrets(id: ConnectorId, secrets: Secrets) {
  const missing = SECRET_FIELDS[id].filter((f) => !secrets[f]);
  return missing.length ? fieldErr(Object.fromEntries(missing.map((f) => [f, 'secretRequired']))) : null;
}

/** What the audit trail keeps of a connector: its settings, and its secrets by their last four characters only. */
function audited(id: ConnectorId, row: { settings: Partial<Plain>; secretHints: Record<string, string>; enabled: boolean } | undefined) {
  if (!row) return null;
  return {
    enabled: row.enabled,
    ...row.settings,
    ...Object.fromEntries(SECRET_FIELDS[id].map((f) => [`${f}EndsWith`, row.secretHints[f] ?? null])),
  };
}

/**
 * Staff save a connector: its settings, the secrets typed (blank keeps the saved one), on or off.
 * Refused whole, with a field error, when the base URL may not be called here or a secret it needs
 * would be missing; one audited upsert otherwise.
 */
export async function saveConnector(db: DbOrTx, staff: StaffActor, input: SaveConnectorInput): Promise<Result<ConnectorView>> {
  assertStaffMay(staff, 'connectors');
  const refused = urlRefusal(input);
  if (refused) return refused;
  const saved = await db.transaction(async (tx) => {
    const before = await rowOf(tx, input.id, true);
    const old = savedSecrets(before).secrets;
    const fresh = typedSecrets(input);
    const secrets: Secrets = {};
    const hints: Record<string, string> = {};
    for (const f of SECRET_FIELDS[input.id]) {
      const v = fresh[f] ?? old[f];
      if (!v) continue;
      secrets[f] = v;
      const hint = fresh[f] ? hintOf(fresh[f]) : (before?.secretHints[f] ?? hintOf(v));
      if (hint) hints[f] = hint;
    }
    const missing = missingSecrets(input.id, { ...envDefaults(input.id).secrets, ...secrets });
    if (missing) return missing;
    const settings = inputSettings(input);
    const values = {
      settings: storedSettings(settings),
      secrets: Object.keys(secrets).length ? seal(JSON.stringify(secrets)) : null,
      secretHints: hints,
      enabled: input.enabled,
      updatedAt: new Date(),
      updatedBy: staff.userId,
    };
    await tx
      .insert(connectors)
      .values({ id: input.id, ...values })
      .onConflictDoUpdate({ target: connectors.id, set: values });
    await audit(tx, staff, {
      action: 'save_connector',
      objectType: 'connector',
      objectId: input.id,
      merchantId: null,
      before: audited(input.id, before && { settings: savedSettings(before), secretHints: before.secretHints, enabled: before.enabled }),
      after: { ...audited(input.id, { ...values, settings }), replaced: Object.keys(fresh) },
    });
    return ok(undefined);
  });
  if (!saved.ok) return saved;
  const view = (await listConnectors(db, staff)).find((c) => c.id === input.id)!;
  return ok(view);
}

/**
 * Staff try a connector with the values in the form (secrets left blank: the saved ones) before or
 * after saving: one harmless call upstream, its answer's gist back. Nothing is saved; the attempt is
 * audited (it sends a saved secret to the address typed).
 */
export async function testConnector(db: DbOrTx, staff: StaffActor, input: SaveConnectorInput): Promise<Result<ConnectionTest>> {
  assertStaffMay(staff, 'connectors');
  const refused = urlRefusal(input);
  if (refused) return refused;
  const secrets = { ...effective(input.id, await rowOf(db, input.id)).secrets, ...typedSecrets(input) };
  // The test call proves one credential (PayStar's gateway id, Esaj's API key); a sign key still missing is for the save to refuse.
  const proving = PROVING_SECRET[input.id];
  const credential = secrets[proving];
  if (!credential) return fieldErr({ [proving]: 'secretRequired' });
  // POD's call carries its service key as well, and names the service by the sandbox switch.
  const pod = input.id === 'pod' ? { apiKey: secrets.apiKey, sandbox: input.sandbox } : null;
  if (pod && !pod.apiKey) return fieldErr({ apiKey: 'secretRequired' });
  const result = await testConnection(
    input.id,
    { baseUrl: input.baseUrl, timeoutMs: input.timeoutMs, credential, ...(pod ? { serviceKey: pod.apiKey, sandbox: pod.sandbox } : {}) },
    connectorPolicy(),
  );
  await audit(db, staff, {
    action: 'test_connector',
    objectType: 'connector',
    objectId: input.id,
    merchantId: null,
    after: { baseUrl: input.baseUrl, verdict: result.verdict, httpStatus: result.httpStatus },
  });
  if (result.verdict === 'notAllowed') return fieldErr({ baseUrl: 'baseUrlNotAllowed' });
  return ok(result);
}
