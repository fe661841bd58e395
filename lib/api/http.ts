import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Db, type Tx } from '@/db';
import { withCommitScope, type CommitScope } from '@/db/after-commit';
import { databaseUnavailable, hasSqlState } from '@/db/errors';
import { idempotencyKeys, type ApiKey } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { hashKey, judgeKey, parseKey, type KeyCheck } from '@/lib/api-keys';
import { clientIp } from '@/lib/auth/request';
import { env } from '@/lib/env';
import { readCappedBody } from '@/lib/http/upload';
import { admitApiKey, platformBucket, rememberPlatform } from './admit';
import { logRequest } from './request-log';
import { hit, refused as refusedHit } from '@/lib/rate-limit';
import { singleLine } from '@/lib/validation/text';
import { isUuid } from '@/lib/validation/ids';

/**
 * The shared edge of /api/v1: authentication (API key or bearer token, failures throttled per
 * client address), per-platform rate limits and
 * idempotency kept in PostgreSQL, JSON errors `{ error: { code, message, fields? } }`, body
 * limits and a request log per platform.
 */

export const TOKEN_TTL_SECONDS = 3600;
export const MAX_BODY_BYTES = 64 * 1024;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/**
 * How long a request waits on a key another request holds before it is told 409
 * `idempotency_in_progress`: long enough that a quick first request's answer is replayed, short
 * enough that a slow one's retries do not each hold a pooled connection while they wait.
 */
export const IDEMPOTENCY_LOCK_WAIT = '500ms';

export function rateLimitPerMinute(): number {
  return Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 120);
}

/** The key check's answer: the API `Actor` for `lib`, and the key row the edge keeps for its request log. */
export type Authenticated = { actor: ApiActor; key: ApiKey };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers: Record<string, string> = {},
    /** More about the error, inside `error` (e.g. POD's number of the same meaning, `pod_code`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(
    JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    },
  );
}

function errorResponse(e: ApiError): Response {
  return json(e.status, { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...e.extra } }, e.headers);
}

// Bearer tokens: `dat_<payload>.<mac>`, stateless; the key behind them is re-checked on every call,
// so revoking or rolling a key ends its tokens at once.
export function issueToken(keyId: string, now = Date.now()): { token: string; expiresIn: number } {
  const payload = Buffer.from(JSON.stringify({ k: keyId, e: Math.floor(now / 1000) + TOKEN_TTL_SECONDS, n: randomBytes(6).toString('base64url') })).toString(
    'base64url',
  );
  return { token: `dat_${payload}.${mac(payload)}`, expiresIn: TOKEN_TTL_SECONDS };
}

function mac(payload: string): string {
  return createHmac('sha256', env().AUTH_SECRET).update(`api-token:${payload}`).digest('base64url');
}

function readToken(token: string, now = Date.now()): { keyId: string } | 'expired' | null {
  const m = /^dat_([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const want = Buffer.from(mac(m[1]));
  const got = Buffer.from(m[2]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const p = JSON.parse(Buffer.from(m[1], 'base64url').toString()) as { k: string; e: number };
    if (typeof p.k !== 'string' || typeof p.e !== 'number') return null;
    return p.e * 1000 <= now ? 'expired' : { keyId: p.k };
  } catch {
    return null;
  }
}

const KEY_ERRORS: Record<Exclude<KeyCheck, { ok: true }>['error'], [number, string]> = {
  malformed: [401, 'Malformed API key'],
  unknown: [401, 'Unknown API key'],
  revoked: [401, 'This API key has been revoked'],
  expired: [401, 'This API key has expired'],
  ipNotAllowed: [403, 'This API key may not be used from this address'],
  platformInactive: [403, 'The sales platform of this key is not active'],
};

/** The API error for a refused key: one mapping for /token and for every authenticated endpoint. */
export function keyFailure(error: keyof typeof KEY_ERRORS): ApiError {
  const [status, message] = KEY_ERRORS[error];
  return new ApiError(status, error === 'ipNotAllowed' ? 'ip_not_allowed' : error === 'platformInactive' ? 'platform_inactive' : `key_${error}`, message);
}

/** The credential of a request: `Authorization: Bearer <key or token>` or `X-API-Key`. */
export function credentialOf(req: Request): string | null {
  const auth = req.headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S{1,600})$/i.exec(auth.trim());
    return m ? m[1] : '';
  }
  return req.headers.get('x-api-key');
}

/**
 * Checks the credential and counts the call against its platform's rate limit, in one database
 * round trip (lib/api/admit.ts). Throws the key's refusal (401/403) or 429 past the limit.
 */
export async function authenticate(db: Db, req: Request, now = new Date()): Promise<Authenticated> {
  const credential = credentialOf(req);
  if (credential === null) throw new ApiError(401, 'unauthenticated', 'Send an API key or a bearer token in the Authorization header');
  const ip = clientIp(req.headers);
  let by: { hash: string } | { id: string };
  // Made only when needed: an Error captures its stack, which cost 1–2 % of every call's CPU.
  let notFound: () => ApiError;
  if (credential.startsWith('dat_')) {
    const t = readToken(credential);
    if (t === 'expired') throw new ApiError(401, 'token_expired', 'The access token has expired; ask /api/v1/token for a new one');
    if (!t || !isUuid(t.keyId)) throw new ApiError(401, 'token_invalid', 'Invalid access token');
    by = { id: t.keyId };
    notFound = () => new ApiError(401, 'token_invalid', 'Invalid access token');
  } else {
    if (!parseKey(credential)) throw keyFailure('malformed');
    by = { hash: hashKey(credential) };
    notFound = () => keyFailure('unknown');
  }
  const limit = rateLimitPerMinute();
  const rule = { limit, windowSeconds: 60 };
  const row = await admitApiKey(db, by, ip, rule, now);
  if (!row) throw notFound();
  const refused = judgeKey(row, ip, now);
  if (refused) throw keyFailure(refused);
  const caller = authenticated(req, row.key, row.userId);
  rememberPlatform(caller.actor, { merchantId: row.userId, serviceId: row.serviceId, callbackUrls: row.callbackUrls });
  const bucket = platformBucket(row.key.platformId);
  // The statement and judgeKey agree on every key; were they ever not to, the call is still counted.
  const decision = !row.usable ? await hit(db, bucket, rule, now) : row.admitted ? ({ ok: true } as const) : await refusedHit(db, bucket, rule, now);
  if (!decision.ok) throw rateLimited(limit, decision.retryAfterSeconds);
  return caller;
}

function authenticated(req: Request, key: ApiKey, merchantId: string): Authenticated {
  const via = { ip: clientIp(req.headers), userAgent: req.headers.get('user-agent') ?? '' };
  return { actor: { kind: 'api', merchantId, platformId: key.platformId, keyId: key.id, livemode: key.environment === 'live', via }, key };
}

function rateLimited(limit: number, retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'rate_limited', `At most ${limit} requests a minute per sales platform`, undefined, { 'retry-after': String(retryAfterSeconds) });
}

/**
 * One more request for this sales platform: every key of a platform (a rolled key included)
 * shares one bucket, a GCRA over a sliding minute decided in one atomic statement; 429 with
 * Retry-After past the limit. (`authenticate` takes this step itself, in its own statement.)
 */
export async function rateLimit(db: Db, platformId: string, now = new Date()): Promise<void> {
  const limit = rateLimitPerMinute();
  const r = await hit(db, platformBucket(platformId), { limit, windowSeconds: 60 }, now);
  if (!r.ok) throw rateLimited(limit, r.retryAfterSeconds);
}

/** Failed authentications allowed per client address; past it the address is refused before any key is looked at. */
export const AUTH_FAILURE_RULE = { limit: 20, windowSeconds: 60 } as const;
// Addresses this process has seen refused, until when: spares the database a read per request.
// The count itself lives in PostgreSQL, so every instance refuses after the limit is passed.
const refusedUntil = new Map<string, number>();

function tooManyFailures(retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'too_many_failed_attempts', 'Too many failed authentications from this address', undefined, {
    'retry-after': String(retryAfterSeconds),
  });
}

/** Refuses an address that failed authentication too often, before its credential is checked. */
export function checkAuthThrottle(ip: string, now = Date.now()): void {
  const until = refusedUntil.get(ip);
  if (until === undefined) return;
  if (until > now) throw tooManyFailures(Math.ceil((until - now) / 1000));
  refusedUntil.delete(ip);
}

/** Counts a failed authentication of this address; the one past the limit is answered 429. */
export async function recordAuthFailure(db: Db, ip: string, failure: ApiError, now = new Date()): Promise<ApiError> {
  const r = await hit(db, `api:auth-failure:${ip}`, AUTH_FAILURE_RULE, now);
  if (r.ok) return failure;
  if (refusedUntil.size > 10_000) refusedUntil.clear();
  refusedUntil.set(ip, now.getTime() + r.retryAfterSeconds * 1000);
  return tooManyFailures(r.retryAfterSeconds);
}

/** Authentication with the failure throttle around it: the one way in for every endpoint and /token. */
export async function authenticateThrottled<T>(db: Db, req: Request, check: () => Promise<T>): Promise<T> {
  const ip = clientIp(req.headers);
  // No address is known only for calls made without our server in front (tests calling handlers).
  if (ip === 'unknown') return check();
  checkAuthThrottle(ip);
  try {
    return await check();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) throw await recordAuthFailure(db, ip, err);
    throw err;
  }
}

/** Reads a JSON body: the right content type, at most 64 KB, valid JSON, then the schema (unknown fields refused). */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<{ data: z.output<S>; raw: string }> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  // Read with a hard cap: a chunked body with no Content-Length is cut off past the limit, not read to its end.
  let raw = '';
  if (req.body) {
    const body = await readCappedBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      if (body.status === 413) throw new ApiError(413, 'body_too_large', `The body may be at most ${MAX_BODY_BYTES} bytes`);
      throw new ApiError(400, 'invalid_body', 'The body could not be read');
    }
    raw = new TextDecoder().decode(body.bytes);
  }
  let value: unknown;
  try {
    value = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [i.path.join('.') || '_'];
      // Field names come from the client: control characters in them are shown as U+FFFD (a NUL
      // would also make the stored idempotent answer, a jsonb, unstorable).
      for (const k of keys) fields[cleanFieldName(k)] ??= i.code === 'unrecognized_keys' ? 'unknown field' : i.message;
    }
    throw new ApiError(400, 'validation_failed', 'Some fields are not valid', fields);
  }
  return { data: parsed.data, raw };
}

/** A client-chosen field name as it may be echoed and stored: 100 code points, controls and lone surrogates as U+FFFD. */
function cleanFieldName(k: string): string {
  return Array.from(k)
    .slice(0, 100)
    .map((ch) => (singleLine(ch) ? ch : '\ufffd'))
    .join('');
}

type Handler = (ctx: { req: Request; db: Db; actor: ApiActor | null }) => Promise<Response>;

/**
 * Wraps a route handler. `auth: false` is for /token, which authenticates by the key in its body.
 * POSTs with an Idempotency-Key replay their first answer for 24 hours.
 */
export function apiRoute(opts: { auth: boolean }, handler: Handler) {
  return async (req: Request): Promise<Response> => {
    const started = performance.now();
    const db = getDb();
    let caller: Authenticated | null = null;
    let res: Response;
    try {
      if (opts.auth) {
        caller = await authenticateThrottled(db, req, () => authenticate(db, req));
      }
      const actor = caller?.actor ?? null;
      res =
        req.method === 'POST' && actor && req.headers.get('idempotency-key') !== null
          ? await idempotent(db, actor, req, handler)
          : await handler({ req, db, actor });
    } catch (err) {
      if (err instanceof ApiError) res = errorResponse(err);
      else if (databaseUnavailable(err)) {
        // PostgreSQL restarting or out of reach is the service being unavailable, not the
        // request's fault nor a defect: a 503 the integrator retries (the scale test's restart
        // under load answered 500s here). Nothing was committed by a statement that never ran.
        res = errorResponse(new ApiError(503, 'unavailable', 'The service is briefly unavailable; retry shortly', undefined, { 'retry-after': '5' }));
      } else {
        console.error('[api]', err);
        res = json(500, { error: { code: 'internal', message: 'Internal error' } });
      }
    }
    const platformId = caller?.actor.platformId ?? (res.headers.get('x-dargah-platform') || null);
    const prefix = caller?.key.prefix ?? (res.headers.get('x-dargah-key-prefix') || null);
    res.headers.delete('x-dargah-platform');
    res.headers.delete('x-dargah-key-prefix');
    if (platformId) {
      logRequest(db, {
        platformId,
        keyPrefix: prefix,
        method: req.method,
        path: new URL(req.url).pathname.slice(0, 200),
        status: res.status,
        latencyMs: Math.round(performance.now() - started),
        at: new Date(),
      });
    }
    return res;
  };
}

/** A refusal the handler answered inside the idempotent transaction: rolled back, then kept as the answer. */
class Refused extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/**
 * A POST with an Idempotency-Key: the claim of the key, the handler's writes and the answer kept for
 * replays are one transaction, so a process killed anywhere in between (kill -9, OOM, a deploy)
 * leaves nothing behind — no claimed key, no payment, refund or payout — and the retry with the
 * same key runs the request once. A second request with the key while the first runs waits on the
 * key's unique index for at most IDEMPOTENCY_LOCK_WAIT: if the first commits meanwhile it replays
 * its answer (or runs, when the first was rolled back); otherwise it is answered 409
 * `idempotency_in_progress` (Retry-After: 1) and keeps nothing. Work for after the commit (queue sends, a bank's refund call) is kept by
 * db/after-commit and done once committed. A refusal (ApiError) rolls the handler's writes back and
 * is kept as the answer in its own statement (but a 503, which asks for the retry); any other error
 * keeps nothing, so a retry runs again.
 */
async function idempotent(db: Db, actor: ApiActor, req: Request, handler: Handler): Promise<Response> {
  const idemKey = req.headers.get('idempotency-key')!.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(idemKey)) throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters');
  const capped = req.body ? await readCappedBody(req.clone(), MAX_BODY_BYTES) : { ok: true as const, bytes: new Uint8Array() };
  if (!capped.ok)
    throw new ApiError(capped.status === 413 ? 413 : 400, capped.status === 413 ? 'body_too_large' : 'invalid_body', 'The body is too large or unreadable');
  const body = new TextDecoder().decode(capped.bytes);
  const requestHash = createHash('sha256')
    .update(`${req.method} ${new URL(req.url).pathname}\n${body}`)
    .digest('hex');
  const key = { keyId: actor.keyId, idempotencyKey: idemKey };
  const where = and(eq(idempotencyKeys.keyId, actor.keyId), eq(idempotencyKeys.idempotencyKey, idemKey));
  const scope: CommitScope = { tasks: [] };
  let res: Response;
  try {
    res = await db.transaction(async (tx) => {
      // The claim waits on the key's unique index while another request with the key runs; past a
      // short wait it gives up (55P03, answered 409 below) instead of holding a pooled connection
      // for the whole of the other's handler. The handler itself then runs with the usual timeout.
      await tx.execute(sql`select set_config('lock_timeout', ${IDEMPOTENCY_LOCK_WAIT}, true)`);
      // One statement claims the key, or takes over a record older than 24 hours (which no longer counts).
      const [claimed] = await tx
        .insert(idempotencyKeys)
        .values({ ...key, requestHash })
        .onConflictDoUpdate({
          target: [idempotencyKeys.keyId, idempotencyKeys.idempotencyKey],
          set: { requestHash, state: 'running', responseStatus: null, responseBody: null, createdAt: sql`now()` },
          setWhere: lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)),
        })
        .returning({ keyId: idempotencyKeys.keyId });
      await tx.execute(sql`set local lock_timeout to default`);
      if (!claimed) return replay(tx, where, requestHash);
      let answer: Response;
      try {
        // The handler's lib code takes the transaction as its database: its own transactions are savepoints in it.
        answer = await withCommitScope(scope, () => handler({ req, db: tx as unknown as Db, actor }));
      } catch (err) {
        if (err instanceof ApiError) throw new Refused(err);
        throw err;
      }
      await tx
        .update(idempotencyKeys)
        .set({ state: 'done', responseStatus: answer.status, responseBody: await storedBody(answer) })
        .where(where);
      return answer;
    });
  } catch (err) {
    // Only the claim runs with the short lock wait: the key is held by a request still running.
    if (hasSqlState(err, '55P03')) throw inProgress();
    if (!(err instanceof Refused)) throw err;
    // Nothing of the handler's was kept; the refusal is the key's answer, unless another request took
    // the key meanwhile. A 503 (an upstream or the database briefly out of reach) is not an answer to
    // keep: it says to retry with the same key, and that retry must run.
    res = errorResponse(err.error);
    if (res.status === 503) return res;
    const responseBody = await storedBody(res);
    try {
      await db.transaction(async (tx) => {
        // Another request that took the key meanwhile owns it: no waiting on it here either.
        await tx.execute(sql`select set_config('lock_timeout', ${IDEMPOTENCY_LOCK_WAIT}, true)`);
        await tx
          .insert(idempotencyKeys)
          .values({ ...key, requestHash, state: 'done', responseStatus: res.status, responseBody })
          .onConflictDoNothing();
      });
    } catch (e) {
      if (!hasSqlState(e, '55P03')) throw e;
    }
    return res;
  }
  if (scope.tasks.length) {
    for (const task of scope.tasks) {
      try {
        await task();
      } catch (err) {
        // Committed work whose follow-up failed: each follow-up has its sweep (requeue jobs, the refund janitor).
        console.error('[api] after commit', err);
      }
    }
    if (scope.answer !== undefined) {
      // The bank answered after the commit: the caller gets that answer, and so do its replays.
      res = json(scope.status ?? res.status, scope.answer);
      try {
        await db
          .update(idempotencyKeys)
          .set({ responseStatus: res.status, responseBody: await storedBody(res) })
          .where(where);
      } catch (err) {
        // The money moved and the caller hears so; replays keep the answer stored at the commit.
        console.error('[api] keeping the later answer', err);
      }
    }
  }
  return res;
}

const inProgress = () =>
  new ApiError(409, 'idempotency_in_progress', 'The first request with this Idempotency-Key is still running; retry it shortly', undefined, {
    'retry-after': '1',
  });

/** The answer kept for an Idempotency-Key that is taken: the first answer, or why there is none. */
async function replay(tx: Tx, where: SQL | undefined, requestHash: string): Promise<Response> {
  const [first] = await tx.select().from(idempotencyKeys).where(where);
  if (!first) throw new ApiError(409, 'idempotency_conflict', 'Retry the request');
  if (first.requestHash !== requestHash) throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request');
  // Only a record written before keys were claimed inside the request's transaction can be seen running.
  if (first.state === 'running') throw inProgress();
  return json(first.responseStatus ?? 200, first.responseBody, { 'idempotent-replayed': 'true' });
}

async function storedBody(res: Response): Promise<unknown> {
  const text = await res.clone().text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
