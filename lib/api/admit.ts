import { sql, type SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import type { ApiKey, Platform } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { LAST_USED_RESOLUTION_MS, type KeyRow } from '@/lib/api-keys';
import { gcraUpsert, type RateRule } from '@/lib/rate-limit';

/**
 * The API's way in as one database round trip (issue 22): the key (by its keyed hash, or by id
 * for a bearer token), its platform, the platform's service and callback allow-list, the key's
 * last use (kept to the minute) and one step of the platform's rate-limit bucket, all in one
 * statement. Before, these were four to five round trips per call.
 *
 * The bucket moves only for a key the statement finds usable, the same rules as `judgeKey` (which
 * the caller still applies to the row and which decides the answer; should the two ever disagree
 * the caller counts the request with `hit` on its own, so the limit can never be skipped).
 *
 * The statement commits without waiting for its WAL flush (`synchronous_commit = off`, for this
 * transaction only): what it writes is the bucket and the key's last use, and a database crash
 * forgets at most the last fraction of a second of either. Holding the platform's bucket row
 * locked through a disk flush on every call is what made all of a platform's calls queue on it.
 * Payments themselves are still written with a synchronous commit.
 */
export type Admission = KeyRow & {
  serviceId: string | null;
  callbackUrls: string[];
  /** The statement's own reading of the key rules (`judgeKey` is the one that answers). */
  usable: boolean;
  /** The rate-limit bucket let this request through. */
  admitted: boolean;
};

export const platformBucket = (platformId: string) => `api:platform:${platformId}`;

type Raw = {
  key: {
    id: string;
    platformId: string;
    environment: ApiKey['environment'];
    prefix: string;
    hash: string;
    ipAllowList: string[];
    createdAt: string;
    lastUsedAt: string | null;
    expiresAt: string | null;
    revokedAt: string | null;
  };
  userId: string;
  platformStatus: Platform['status'];
  serviceId: string | null;
  callbackUrls: string[];
  usable: boolean;
  admitted: boolean;
};

const date = (v: string | null) => (v === null ? null : new Date(v));

type Driver = { $client?: { unsafe: (query: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown[]> }; dialect?: PgDialect };

/**
 * Runs a statement whose text never changes as a named prepared statement (postgres.js keeps it per
 * connection): PostgreSQL parses it once per connection and can keep its plan, where drizzle's
 * `execute` sends it unnamed, parsed and planned again on every call. The admitting statement is a
 * CTE over three tables with two writes, run on every API call: planning it each time is database
 * CPU spent for nothing (the ceiling it is measured against, pgbench -M prepared, does not spend it).
 */
async function preparedExecute<T>(db: Db, statement: SQL): Promise<T[]> {
  const d = db as unknown as Driver;
  if (!d.$client || !d.dialect) return [...(await db.execute(statement))] as unknown as T[];
  const q = d.dialect.sqlToQuery(statement);
  return (await d.$client.unsafe(q.sql, q.params, { prepare: true })) as T[];
}

export async function admitApiKey(db: Db, by: { hash: string } | { id: string }, ip: string, rule: RateRule, now = new Date()): Promise<Admission | null> {
  const at = now.toISOString();
  const which = 'hash' in by ? sql`k.hash = ${by.hash}` : sql`k.id = ${by.id}::uuid`;
  const rows = await preparedExecute<{ a: string }>(
    db,
    sql`
    with found as (
      select k.*, p.user_id as merchant_id, p.status as platform_status, ms.service_id, p.callback_urls,
        ((k.revoked_at is null or k.revoked_at > ${at}::timestamptz)
          and (k.expires_at is null or k.expires_at > ${at}::timestamptz)
          and (cardinality(k.ip_allow_list) = 0 or ${ip}::text = any(k.ip_allow_list))
          and case when k.environment = 'live' then p.status = 'approved' else p.status not in ('suspended', 'paused') end) as usable
      from api_keys k
      join platforms p on p.id = k.platform_id
      left join merchant_services ms on ms.id = p.merchant_service_id
      where ${which}
    ),
    touched as (
      update api_keys set last_used_at = ${at}::timestamptz from found
      where api_keys.id = found.id and found.usable
        and (api_keys.last_used_at is null or api_keys.last_used_at < ${at}::timestamptz - make_interval(secs => ${LAST_USED_RESOLUTION_MS / 1000}))
      returning 1
    ),
    bucket as (${gcraUpsert(sql`select 'api:platform:' || platform_id::text from found where usable`, rule, now)}),
    async_commit as (select set_config('synchronous_commit', 'off', true) as v)
    select json_build_object(
      'key', json_build_object('id', f.id, 'platformId', f.platform_id, 'environment', f.environment, 'prefix', f.prefix, 'hash', f.hash,
        'ipAllowList', f.ip_allow_list, 'createdAt', f.created_at, 'lastUsedAt', f.last_used_at, 'expiresAt', f.expires_at, 'revokedAt', f.revoked_at),
      'userId', f.merchant_id, 'platformStatus', f.platform_status, 'serviceId', f.service_id, 'callbackUrls', f.callback_urls,
      'usable', f.usable, 'admitted', exists(select 1 from bucket), 'touched', (select count(*) from touched)
    )::text as a
    from found f cross join async_commit`,
  );
  if (!rows.length) return null;
  const r = JSON.parse(rows[0].a) as Raw;
  const key: ApiKey = {
    ...r.key,
    createdAt: new Date(r.key.createdAt),
    lastUsedAt: date(r.key.lastUsedAt),
    expiresAt: date(r.key.expiresAt),
    revokedAt: date(r.key.revokedAt),
  };
  return {
    key,
    userId: r.userId,
    platformStatus: r.platformStatus,
    serviceId: r.serviceId,
    callbackUrls: r.callbackUrls,
    usable: r.usable,
    admitted: r.admitted,
  };
}

/**
 * What the admitting statement read of the caller's platform, kept with the request's actor so the
 * handler does not read it again (lib/api/payments.ts). Lives as long as the actor: one request.
 */
export type PlatformSnapshot = { merchantId: string; serviceId: string | null; callbackUrls: string[] };
const snapshots = new WeakMap<ApiActor, PlatformSnapshot>();

export function rememberPlatform(actor: ApiActor, snapshot: PlatformSnapshot) {
  snapshots.set(actor, snapshot);
}

export function platformSnapshot(actor: ApiActor): PlatformSnapshot | undefined {
  return snapshots.get(actor);
}
