import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { apiKeys, platforms, type ApiKey } from '@/db/schema';
import { normalise } from '@/lib/auth/request';
import { env } from '@/lib/env';
import { isUuid } from '@/lib/validation/ids';

export type KeyEnvironment = 'test' | 'live';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^dk_(test|live)_[0-9A-Za-z]{32}$/;
/** The part shown in the portal and logs: environment plus the first 8 random characters. */
export const PREFIX_LENGTH = 'dk_test_'.length + 8;
export const MAX_GRACE_SECONDS = 24 * 3600;

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
  if (row.key.revokedAt && row.key.revokedAt <= now) return { ok: false, error: 'revoked' };
  if (row.key.expiresAt && row.key.expiresAt <= now) return { ok: false, error: 'expired' };
  if (row.key.ipAllowList.length > 0 && !row.key.ipAllowList.includes(ip)) return { ok: false, error: 'ipNotAllowed' };
  // Sandbox keys work while the platform exists and is not stopped; live keys need an approved platform.
  const usable = row.key.environment === 'live' ? row.platformStatus === 'approved' : row.platformStatus !== 'suspended' && row.platformStatus !== 'paused';
  if (!usable) return { ok: false, error: 'platformInactive' };
  // Last use, at most once a minute per key, so busy keys do not write on every call.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000)))));
  return { ok: true, key: row.key, platformId: row.key.platformId, userId: row.userId };
}

/** Keys of a platform the caller owns; `null` when the platform is not theirs. */
async function ownedKey(db: DbOrTx, userId: string, keyId: string) {
  if (!isUuid(keyId)) return null;
  const [row] = await db
    .select({ key: apiKeys })
    .from(apiKeys)
    .innerJoin(platforms, eq(platforms.id, apiKeys.platformId))
    .where(and(eq(apiKeys.id, keyId), eq(platforms.userId, userId)));
  return row?.key ?? null;
}

export type RollResult = { ok: true; key: string; record: ApiKey } | { ok: false; error: 'notFound' | 'revoked' | 'grace' };

/** A new key for the same platform; the old one stops now or after the chosen grace (≤ 24 h). */
export async function rollApiKey(db: DbOrTx, userId: string, keyId: string, graceSeconds: number, now = new Date()): Promise<RollResult> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) return { ok: false, error: 'grace' };
  const old = await ownedKey(db, userId, keyId);
  if (!old) return { ok: false, error: 'notFound' };
  const until = new Date(now.getTime() + graceSeconds * 1000);
  // Conditional: of two rolls at once only one retires the key and makes a successor.
  const [retired] = await db
    .update(apiKeys)
    .set(graceSeconds === 0 ? { revokedAt: now } : { expiresAt: until })
    .where(and(eq(apiKeys.id, old.id), isNull(apiKeys.revokedAt), isNull(apiKeys.expiresAt)))
    .returning();
  if (!retired) return { ok: false, error: 'revoked' };
  const fresh = await createApiKey(db, old.platformId, old.environment);
  if (old.ipAllowList.length) await db.update(apiKeys).set({ ipAllowList: old.ipAllowList }).where(eq(apiKeys.id, fresh.record.id));
  return { ok: true, ...fresh };
}

export async function revokeApiKey(db: DbOrTx, userId: string, keyId: string, now = new Date()): Promise<boolean> {
  const key = await ownedKey(db, userId, keyId);
  if (!key) return false;
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length === 1;
}

export async function setIpAllowList(
  db: DbOrTx,
  userId: string,
  keyId: string,
  ips: string[],
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'ipInvalid' }> {
  const typed = ips.map((i) => i.trim()).filter(Boolean);
  // Stored in canonical form, the form clientIp() answers in, so `::ffff:1.2.3.4` and `1.2.3.4` agree.
  const canonical = typed.map((i) => normalise(i));
  if (typed.length > 20 || canonical.some((i) => i === null)) return { ok: false, error: 'ipInvalid' };
  const clean = [...new Set(canonical as string[])];
  const key = await ownedKey(db, userId, keyId);
  if (!key) return { ok: false, error: 'notFound' };
  await db.update(apiKeys).set({ ipAllowList: clean }).where(eq(apiKeys.id, key.id));
  return { ok: true };
}
