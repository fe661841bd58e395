import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { apiKeys, platforms, type ApiKey, type Platform } from '@/db/schema';
import { ownedBy, type MerchantActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { normalise } from '@/lib/auth/request';
import { env } from '@/lib/env';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { graceSchema, MAX_GRACE_SECONDS } from '@/lib/validation/platforms';

export { MAX_GRACE_SECONDS };

export type KeyEnvironment = 'test' | 'live';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^dk_(test|live)_[0-9A-Za-z]{32}$/;
/** The part shown in the portal and logs: environment plus the first 8 random characters. */
export const PREFIX_LENGTH = 'dk_test_'.length + 8;

/** 32 base-62 characters from the CSPRNG (≈ 190 bits), without modulo bias. */
function randomBase62(n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 248 && out.length < n) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export function generateKey(environment: KeyEnvironment): string {
  return `dk_${environment}_${randomBase62(32)}`;
}

/** Keyed so that a copy of the table alone cannot be used to test guesses offline. */
export function hashKey(key: string): string {
  return createHmac('sha256', env().AUTH_SECRET).update(`api-key:${key}`).digest('hex');
}

export function parseKey(key: string): { environment: KeyEnvironment } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { environment: m[1] as KeyEnvironment } : null;
}

/** Makes a key; the full key is returned this once and never stored. */
export async function createApiKey(db: DbOrTx, platformId: string, environment: KeyEnvironment): Promise<{ key: string; record: ApiKey }> {
  const key = generateKey(environment);
  const [record] = await db
    .insert(apiKeys)
    .values({ platformId, environment, prefix: key.slice(0, PREFIX_LENGTH), hash: hashKey(key) })
    .returning();
  return { key, record };
}

export type KeyCheck =
  | { ok: true; key: ApiKey; platformId: string; userId: string }
  | { ok: false; error: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'ipNotAllowed' | 'platformInactive' };

/** What a key check reads: the key and its platform's owner and status. */
export type KeyRow = { key: ApiKey; userId: string; platformStatus: Platform['status'] };

/**
 * The rules of a found key, in one place (the API's one-statement check, lib/api/admit.ts, says
 * the same in SQL and defers to this): not revoked or expired, from an allowed address, and its
 * platform active. Sandbox keys work while the platform exists and is not stopped; live keys
 * need an approved platform.
 */
export function judgeKey(row: KeyRow, ip: string, now: Date): Exclude<KeyCheck, { ok: true }>['error'] | null {
  if (row.key.revokedAt && row.key.revokedAt <= now) return 'revoked';
  if (row.key.expiresAt && row.key.expiresAt <= now) return 'expired';
  if (row.key.ipAllowList.length > 0 && !row.key.ipAllowList.includes(ip)) return 'ipNotAllowed';
  const usable = row.key.environment === 'live' ? row.platformStatus === 'approved' : row.platformStatus !== 'suspended' && row.platformStatus !== 'paused';
  return usable ? null : 'platformInactive';
}

/** Last use is kept to the minute: a key used less than a minute ago is not written again. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks a presented key. Lookup is by its keyed hash (an index hit, and equal hashes mean
 * equal keys), so no stored secret is ever compared character by character.
 */
export async function verifyApiKey(db: DbOrTx, presented: string, ip: string, now = new Date()): Promise<KeyCheck> {
  const parsed = parseKey(presented);
  if (!parsed) return { ok: false, error: 'malformed' };
  const [row] = await db
    .select({ key: apiKeys, userId: platforms.userId, platformStatus: platforms.status })
    .from(apiKeys)
    .innerJoin(platforms, eq(platforms.id, apiKeys.platformId))
    .where(eq(apiKeys.hash, hashKey(presented)));
  if (!row) return { ok: false, error: 'unknown' };
  const refused = judgeKey(row, ip, now);
  if (refused) return { ok: false, error: refused };
  // Last use, at most once a minute per key, so busy keys do not write on every call (nor ask to:
  // the row just read says whether the minute has passed; the condition settles races).
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.key.lastUsedAt || row.key.lastUsedAt < cutoff) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))));
  }
  return { ok: true, key: row.key, platformId: row.key.platformId, userId: row.userId };
}

/** A key of a platform the actor owns; `null` when it is not theirs (staff: any key). */
async function ownedKey(db: DbOrTx, actor: MerchantActor, keyId: string) {
  if (!isUuid(keyId)) return null;
  const [row] = await db
    .select({ key: apiKeys })
    .from(apiKeys)
    .innerJoin(platforms, eq(platforms.id, apiKeys.platformId))
    .where(and(eq(apiKeys.id, keyId), ownedBy(actor, platforms.userId)));
  return row?.key ?? null;
}

/** What the portal may see of a key: never its hash. */
const shown = (k: ApiKey) => ({ prefix: k.prefix, environment: k.environment, expiresAt: k.expiresAt, revokedAt: k.revokedAt });

/**
 * A new key for the same platform; the old one stops now or after the chosen grace (≤ 24 h).
 * The new key is returned this once, in full. Retiring, the successor and the audit event are one
 * transaction.
 */
export async function rollApiKey(
  db: DbOrTx,
  actor: MerchantActor,
  input: { keyId: string; graceSeconds: number },
  now = new Date(),
): Promise<Result<{ key: string; keyId: string; platformId: string }, 'grace' | 'notFound' | 'keyInactive'>> {
  const grace = graceSchema.safeParse(input.graceSeconds);
  if (!grace.success || grace.data !== input.graceSeconds) return err('grace');
  const old = await ownedKey(db, actor, input.keyId);
  if (!old) return err('notFound');
  const until = new Date(now.getTime() + grace.data * 1000);
  return db.transaction(async (tx) => {
    // Conditional: of two rolls at once only one retires the key and makes a successor.
    const [retired] = await tx
      .update(apiKeys)
      .set(grace.data === 0 ? { revokedAt: now } : { expiresAt: until })
      .where(and(eq(apiKeys.id, old.id), isNull(apiKeys.revokedAt), isNull(apiKeys.expiresAt)))
      .returning();
    if (!retired) return err('keyInactive');
    const fresh = await createApiKey(tx, old.platformId, old.environment);
    if (old.ipAllowList.length) await tx.update(apiKeys).set({ ipAllowList: old.ipAllowList }).where(eq(apiKeys.id, fresh.record.id));
    await audit(tx, actor, {
      action: 'roll',
      objectType: 'api_key',
      objectId: old.id,
      before: shown(old),
      after: { ...shown(retired), successorId: fresh.record.id, successorPrefix: fresh.record.prefix },
    });
    return ok({ key: fresh.key, keyId: fresh.record.id, platformId: old.platformId });
  });
}

export async function revokeApiKey(db: DbOrTx, actor: MerchantActor, input: { keyId: string }, now = new Date()): Promise<Result<{ platformId: string }>> {
  const key = await ownedKey(db, actor, input.keyId);
  if (!key) return err('notFound');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) return err('notFound');
    await audit(tx, actor, { action: 'revoke', objectType: 'api_key', objectId: key.id, before: shown(key), after: shown(row) });
    return ok({ platformId: key.platformId });
  });
}

export async function setIpAllowList(
  db: DbOrTx,
  actor: MerchantActor,
  input: { keyId: string; ips: string[] },
): Promise<Result<{ platformId: string }, 'notFound' | 'ipInvalid'>> {
  const typed = input.ips.map((i) => i.trim()).filter(Boolean);
  // Stored in canonical form, the form clientIp() answers in, so `::ffff:1.2.3.4` and `1.2.3.4` agree.
  const canonical = typed.map((i) => normalise(i));
  if (typed.length > 20 || canonical.some((i) => i === null)) return err('ipInvalid');
  const clean = [...new Set(canonical as string[])];
  const key = await ownedKey(db, actor, input.keyId);
  if (!key) return err('notFound');
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ ipAllowList: apiKeys.ipAllowList }).from(apiKeys).where(eq(apiKeys.id, key.id)).for('update');
    await tx.update(apiKeys).set({ ipAllowList: clean }).where(eq(apiKeys.id, key.id));
    await audit(tx, actor, {
      action: 'allow_list',
      objectType: 'api_key',
      objectId: key.id,
      before: { ipAllowList: before.ipAllowList },
      after: { ipAllowList: clean },
    });
    return ok({ platformId: key.platformId });
  });
}
