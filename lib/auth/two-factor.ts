import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, sql, type SQLWrapper } from 'drizzle-orm';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { Db, DbOrTx } from '@/db';
import { twoFactor, twoFactorRecoveryCodes, twoFactorSessions, twoFactorUsedSteps, users, type User } from '@/db/schema';
import { SESSION_ABSOLUTE_SECONDS } from '@/auth.config';
import { actorOf, type MerchantActor, type StaffActor, type Via } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { open, seal } from '@/lib/crypto/secretbox';
import { env } from '@/lib/env';
import { hit } from '@/lib/rate-limit';
import { err, ok, type Err, type Result } from '@/lib/result';
import { verifyPassword } from './password';

/**
 * Two-factor sign-in: an authenticator app's codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) with
 * ten one-time recovery codes. The secret is sealed (lib/crypto); recovery codes are kept as keyed
 * hashes. A code is accepted in its own 30-second step or the one either side (clock drift), and
 * at most once: the step is recorded in `two_factor_used_steps`, whose primary key refuses the
 * same step twice however many requests race. Every change writes one audit event in its own
 * transaction, never with the secret or a code.
 */
export const TWO_FACTOR_RULES = {
  period: 30,
  digits: 6,
  /** Seconds of drift either side: one step. */
  toleranceSeconds: 30,
  recoveryCodes: 10,
  /** Sensitive actions ask again when the last code is older than this. */
  stepUpSeconds: 15 * 60,
  rememberDays: 30,
  /** Code attempts per person (right or wrong) in the window. */
  attempts: { limit: 10, windowSeconds: 5 * 60 },
} as const;

export const REMEMBER_COOKIE = 'dargah_2fa_device';
/** Where a sign-in was headed (the login's callbackUrl), for the code step to go on to. */
export const AFTER_TWO_FACTOR_COOKIE = 'dargah_after_2fa';
const ISSUER = 'Dargah';

type Person = Pick<User, 'id' | 'role'>;

/**
 * Whether this person must have two-factor sign-in: staff always; a merchant once they are the
 * owner or accountant of a business with a live platform (`liveDuty`: approved, or paused after
 * approval). Others may enrol from their profile, and once enrolled every sign-in and sensitive
 * action asks for the code.
 */
export function twoFactorRequired(user: Person, ctx: { liveDuty: boolean }): boolean {
  return user.role === 'admin' || (user.role === 'merchant' && ctx.liveDuty);
}

export type TwoFactorState = { enabled: boolean; sessionVerified: boolean; liveDuty: boolean; lastVerifiedAt: Date | null };

/**
 * The four facts of `TwoFactorState` as columns of one select (correlated on `userId`, a value or a
 * column): `twoFactorState` reads them alone, the request's session read (lib/auth/session-read.ts)
 * beside the user's row. Is 2FA on, has this session passed it, is the person owner or accountant of
 * a business (any of theirs, not only the one chosen in the switcher) with a live platform.
 */
export function twoFactorColumns(userId: SQLWrapper | string, sid: string | null, now: Date) {
  return {
    enabled: sql<boolean | null>`(select enabled_at is not null from two_factor where user_id = ${userId})`,
    lastVerifiedAt: sql<string | null>`(select last_verified_at from two_factor where user_id = ${userId})`,
    sessionVerified: sql<boolean>`exists (select 1 from two_factor_sessions where sid = ${(sid ?? '').slice(0, 64)} and user_id = ${userId} and expires_at > ${now.toISOString()}::timestamptz)`,
    live: sql<boolean>`exists (select 1 from merchant_members m join platforms p on p.user_id = m.merchant_id
              where m.user_id = ${userId} and m.role in ('owner', 'accountant')
                and (p.status = 'approved' or (p.status = 'paused' and p.status_before_pause = 'approved')))`,
  };
}

type TwoFactorRow = { enabled: boolean | null; lastVerifiedAt: string | Date | null; sessionVerified: boolean; live: boolean };

export function toTwoFactorState(r: TwoFactorRow | undefined): TwoFactorState {
  return {
    enabled: Boolean(r?.enabled),
    sessionVerified: Boolean(r?.sessionVerified),
    liveDuty: Boolean(r?.live),
    lastVerifiedAt: r?.lastVerifiedAt ? new Date(r.lastVerifiedAt) : null,
  };
}

/** One query: `twoFactorColumns` for one person. */
export async function twoFactorState(db: DbOrTx, user: Person, sid: string | null, now = new Date()): Promise<TwoFactorState> {
  const c = twoFactorColumns(user.id, sid, now);
  const rows = await db.execute<TwoFactorRow>(
    sql`select ${c.enabled} as "enabled", ${c.lastVerifiedAt} as "lastVerifiedAt", ${c.sessionVerified} as "sessionVerified", ${c.live} as "live"`,
  );
  return toTwoFactorState(rows[0]);
}

/**
 * What a signed-in session may do: `ok`; `verify` (2FA is on and this session has not passed it,
 * nor does the browser carry a remembered-device cookie for this account's session version);
 * `enrol` (2FA is required and not set up yet). The guards refuse everything but the 2FA step
 * for the last two.
 */
export type TwoFactorGate = 'ok' | 'verify' | 'enrol';

export async function twoFactorGate(
  db: DbOrTx,
  user: Person & Pick<User, 'sessionVersion'>,
  sid: string | null,
  rememberCookie?: string,
  now = new Date(),
): Promise<TwoFactorGate> {
  return gateOf(user, await twoFactorState(db, user, sid, now), rememberCookie, now);
}

/** `twoFactorGate` from a state already read. */
export function gateOf(user: Person & Pick<User, 'sessionVersion'>, s: TwoFactorState, rememberCookie?: string, now = new Date()): TwoFactorGate {
  if (s.enabled) return s.sessionVerified || isRememberedDevice(user, rememberCookie, now) ? 'ok' : 'verify';
  return twoFactorRequired(user, s) ? 'enrol' : 'ok';
}

// ---------------------------------------------------------------------------------------------
// Codes

/** The RFC 6238 step a time falls in. */
export function stepOf(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TWO_FACTOR_RULES.period);
}

/** The step whose code this is (within one step of now), or null. */
export function matchTotp(secret: string, code: string, now = new Date()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const r = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    period: TWO_FACTOR_RULES.period,
    digits: TWO_FACTOR_RULES.digits,
    epochTolerance: TWO_FACTOR_RULES.toleranceSeconds,
  });
  return r.valid && 'timeStep' in r ? r.timeStep : null;
}

function key(): string {
  return createHmac('sha256', env().AUTH_SECRET).update('dargah-two-factor').digest('hex');
}

/** Recovery codes are 10 characters from an alphabet without look-alikes, shown as `xxxxx-xxxxx`. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function normaliseRecoveryCode(input: string): string | null {
  const c = input.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z0-9]{10}$/.test(c) ? c : null;
}

function hashRecoveryCode(userId: string, normalised: string): string {
  return createHmac('sha256', key()).update(`recovery:${userId}:${normalised}`).digest('base64');
}

async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
  const codes = Array.from({ length: TWO_FACTOR_RULES.recoveryCodes }, newRecoveryCode);
  await tx.insert(twoFactorRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(userId, normaliseRecoveryCode(c)!) })));
  return codes;
}

export type CodeError = 'twoFactorCodeInvalid' | 'twoFactorCodeUsed' | 'twoFactorCodeRateLimited' | 'twoFactorNotEnabled';

/**
 * Checks an authenticator code (or, with `allowRecovery`, a recovery code) for a person, in the
 * caller's transaction, and spends it: the step is recorded (a second use in the same window is
 * `codeUsed`, also when two requests race), a recovery code is marked used. Throttled per person.
 */
async function spendCode(
  tx: DbOrTx,
  userId: string,
  sealedSecret: string,
  input: { code: string; allowRecovery: boolean; now: Date },
): Promise<Result<{ via: 'totp' | 'recovery' }, CodeError>> {
  const limit = await hit(tx, `2fa:${userId}`, TWO_FACTOR_RULES.attempts, input.now);
  if (!limit.ok) return err('twoFactorCodeRateLimited', { retryAfterSeconds: limit.retryAfterSeconds });
  const code = input.code.trim().replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(open(sealedSecret), code, input.now);
    if (step === null) return err('twoFactorCodeInvalid');
    const used = await tx.insert(twoFactorUsedSteps).values({ userId, step }).onConflictDoNothing().returning({ step: twoFactorUsedSteps.step });
    if (!used.length) return err('twoFactorCodeUsed');
    // Old steps are no use to anyone: anything older than the tolerance can never be accepted again.
    await tx.delete(twoFactorUsedSteps).where(and(eq(twoFactorUsedSteps.userId, userId), lt(twoFactorUsedSteps.step, stepOf(input.now) - 2)));
    return ok({ via: 'totp' });
  }
  const normalised = input.allowRecovery ? normaliseRecoveryCode(code) : null;
  if (!normalised) return err('twoFactorCodeInvalid');
  const spent = await tx
    .update(twoFactorRecoveryCodes)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(twoFactorRecoveryCodes.userId, userId),
        eq(twoFactorRecoveryCodes.codeHash, hashRecoveryCode(userId, normalised)),
        isNull(twoFactorRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: twoFactorRecoveryCodes.id });
  return spent.length ? ok({ via: 'recovery' }) : err('twoFactorCodeInvalid');
}

async function enabledRow(tx: DbOrTx, userId: string, lock = false) {
  const q = tx.select().from(twoFactor).where(eq(twoFactor.userId, userId));
  const [row] = lock ? await q.for('update') : await q;
  return row?.enabledAt ? row : null;
}

async function markSessionVerified(tx: DbOrTx, userId: string, sid: string | null, now: Date) {
  await tx.delete(twoFactorSessions).where(lt(twoFactorSessions.expiresAt, now));
  if (!sid) return;
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000);
  await tx
    .insert(twoFactorSessions)
    .values({ sid: sid.slice(0, 64), userId, verifiedAt: now, expiresAt })
    .onConflictDoUpdate({ target: twoFactorSessions.sid, set: { userId, verifiedAt: now, expiresAt } });
}

// ---------------------------------------------------------------------------------------------
// Enrolment

export type Enrolment = { secret: string; uri: string; qrSvg: string };

/**
 * The secret being set up, kept (sealed) until a first code confirms it: the same one on every
 * visit of the page, so a reload does not break the app the person just scanned into.
 */
export async function pendingEnrolment(db: DbOrTx, user: Pick<User, 'id' | 'mobile' | 'email'>): Promise<Result<Enrolment, 'twoFactorAlreadyEnabled'>> {
  const [row] = await db.select().from(twoFactor).where(eq(twoFactor.userId, user.id));
  if (row?.enabledAt) return err('twoFactorAlreadyEnabled');
  let secret: string;
  if (row) secret = open(row.secretSealed);
  else {
    secret = generateSecret();
    const [made] = await db
      .insert(twoFactor)
      .values({ userId: user.id, secretSealed: seal(secret) })
      .onConflictDoNothing()
      .returning();
    // Two tabs at once: the one that won keeps its secret.
    if (!made) return pendingEnrolment(db, user);
  }
  const uri = generateURI({ issuer: ISSUER, label: user.email ?? user.mobile, secret, period: TWO_FACTOR_RULES.period, digits: TWO_FACTOR_RULES.digits });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return ok({ secret, uri, qrSvg });
}

/** The first code confirms the authenticator: 2FA is on, this session has passed it, ten recovery codes are made (shown this once). */
export async function confirmEnrolment(
  db: Db,
  user: Pick<User, 'id' | 'role'>,
  input: { code: string; sid: string | null; via?: Via; now?: Date },
): Promise<Result<{ recoveryCodes: string[] }, CodeError | 'twoFactorAlreadyEnabled' | 'twoFactorNoEnrolment'>> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(twoFactor).where(eq(twoFactor.userId, user.id)).for('update');
    if (!row) return err('twoFactorNoEnrolment');
    if (row.enabledAt) return err('twoFactorAlreadyEnabled');
    const spent = await spendCode(tx, user.id, row.secretSealed, { code: input.code, allowRecovery: false, now });
    if (!spent.ok) return codeFieldError(spent);
    await tx.update(twoFactor).set({ enabledAt: now, lastVerifiedAt: now }).where(eq(twoFactor.userId, user.id));
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await markSessionVerified(tx, user.id, input.sid, now);
    const who = actorOf(user, input.via);
    await audit(tx, who, { action: 'enable', objectType: 'two_factor', objectId: user.id, after: { enabled: true } });
    return ok({ recoveryCodes });
  });
}

// ---------------------------------------------------------------------------------------------
// Sign-in, step-up, management

/**
 * The second step of signing in (or a step-up): a current code or a recovery code. Marks this
 * session as verified and the person's last verification as now.
 */
export async function verifyTwoFactor(
  db: Db,
  user: Pick<User, 'id' | 'role'>,
  input: { code: string; sid: string | null; via?: Via; now?: Date },
): Promise<Result<{ via: 'totp' | 'recovery' }, CodeError>> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await enabledRow(tx, user.id, true);
    if (!row) return err('twoFactorNotEnabled');
    const spent = await spendCode(tx, user.id, row.secretSealed, { code: input.code, allowRecovery: true, now });
    if (!spent.ok) return codeFieldError(spent);
    await tx.update(twoFactor).set({ lastVerifiedAt: now }).where(eq(twoFactor.userId, user.id));
    await markSessionVerified(tx, user.id, input.sid, now);
    if (spent.data.via === 'recovery') {
      const who = actorOf(user, input.via);
      await audit(tx, who, { action: 'use_recovery_code', objectType: 'two_factor', objectId: user.id });
    }
    return spent;
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export async function regenerateRecoveryCodes(
  db: Db,
  actor: MerchantActor | StaffActor,
  input: { code: string; now?: Date },
): Promise<Result<{ recoveryCodes: string[] }, CodeError>> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await enabledRow(tx, actor.userId, true);
    if (!row) return err('twoFactorNotEnabled');
    const spent = await spendCode(tx, actor.userId, row.secretSealed, { code: input.code, allowRecovery: false, now });
    if (!spent.ok) return codeFieldError(spent);
    await tx.update(twoFactor).set({ lastVerifiedAt: now }).where(eq(twoFactor.userId, actor.userId));
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.userId);
    await audit(tx, actor, { action: 'regenerate_recovery_codes', objectType: 'two_factor', objectId: actor.userId });
    return ok({ recoveryCodes });
  });
}

/** Turns 2FA off with the password and a current code; refused where it is required. */
export async function disableTwoFactor(
  db: Db,
  actor: MerchantActor | StaffActor,
  input: { password: string; code: string; now?: Date },
): Promise<Result<undefined, CodeError | 'twoFactorCannotDisable'>> {
  const now = input.now ?? new Date();
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) return err('twoFactorNotEnabled');
  const state = await twoFactorState(db, user, null, now);
  if (twoFactorRequired(user, state)) return err('twoFactorCannotDisable');
  if (!(await verifyPassword(input.password, user.passwordHash))) return { ok: false, fieldErrors: { password: 'twoFactorWrongPassword' } };
  return db.transaction(async (tx) => {
    const row = await enabledRow(tx, actor.userId, true);
    if (!row) return err('twoFactorNotEnabled');
    const spent = await spendCode(tx, actor.userId, row.secretSealed, { code: input.code, allowRecovery: false, now });
    if (!spent.ok) return codeFieldError(spent);
    await tx.delete(twoFactor).where(eq(twoFactor.userId, actor.userId));
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, actor.userId));
    await tx.delete(twoFactorSessions).where(eq(twoFactorSessions.userId, actor.userId));
    await audit(tx, actor, { action: 'disable', objectType: 'two_factor', objectId: actor.userId, before: { enabled: true }, after: { enabled: false } });
    return ok();
  });
}

/** What the security pages show. */
export async function twoFactorOverview(db: DbOrTx, user: Person) {
  const state = await twoFactorState(db, user, null);
  const [{ left }] = await db
    .select({ left: sql<number>`count(*)::int` })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, user.id), isNull(twoFactorRecoveryCodes.usedAt)));
  return { enabled: state.enabled, required: twoFactorRequired(user, state), recoveryCodesLeft: left };
}

export type StaleError = Err<'twoFactorStale'>;

/**
 * Sensitive actions (withdraw, bank accounts, live keys, staff approvals) ask this through the
 * action wrapper's `stepUp` option (lib/actions/action.ts), never by hand: a
 * person with 2FA whose last code is older than 15 minutes gets `twoFactorStale`, which the form
 * answers with the code prompt (components/two-factor/step-up) and a retry. A person without 2FA
 * (where it is not required) passes: there is nothing to ask.
 */
export async function requireFreshTwoFactor(db: DbOrTx, actor: MerchantActor | StaffActor, now = new Date()): Promise<Result<undefined, 'twoFactorStale'>> {
  const [row] = await db
    .select({ enabledAt: twoFactor.enabledAt, lastVerifiedAt: twoFactor.lastVerifiedAt })
    .from(twoFactor)
    .where(eq(twoFactor.userId, actor.userId));
  if (!row?.enabledAt) return ok();
  const fresh = row.lastVerifiedAt && now.getTime() - row.lastVerifiedAt.getTime() <= TWO_FACTOR_RULES.stepUpSeconds * 1000;
  return fresh ? ok() : { ok: false, error: 'twoFactorStale' };
}

/** Code errors go next to the code field. */
function codeFieldError(r: Err<CodeError>): Err<never> {
  return { ok: false, fieldErrors: { code: r.error ?? 'twoFactorCodeInvalid' }, ...(r.params ? { params: r.params } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Remember this device

function rememberMac(userId: string, sessionVersion: number, expires: number): Buffer {
  return createHmac('sha256', env().AUTH_SECRET).update(`2fa-device:${userId}:${sessionVersion}:${expires}`).digest();
}

/** A cookie value that skips the code on this device for 30 days, bound to the person and their session version. */
export function rememberDeviceValue(user: Pick<User, 'id' | 'sessionVersion'>, now = new Date()): { value: string; maxAge: number } {
  const maxAge = TWO_FACTOR_RULES.rememberDays * 86400;
  const expires = Math.floor(now.getTime() / 1000) + maxAge;
  return { value: `${user.id}.${expires}.${rememberMac(user.id, user.sessionVersion, expires).toString('base64url')}`, maxAge };
}

/** True for this person's unexpired cookie made at their current session version (a password change or sign-out everywhere ends it). */
export function isRememberedDevice(user: Pick<User, 'id' | 'sessionVersion'>, value: string | undefined, now = new Date()): boolean {
  if (!value) return false;
  const [uid, exp, mac] = value.split('.');
  const expires = Number(exp);
  if (uid !== user.id || !Number.isInteger(expires) || !mac || expires * 1000 <= now.getTime()) return false;
  const given = Buffer.from(mac, 'base64url');
  const want = rememberMac(user.id, user.sessionVersion, expires);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The seed's demo logins: 2FA on with a secret published in the README (demo data only, never a
 * real account). Idempotent; the first time writes the one audit event, as the system.
 */
export async function enrolWithKnownSecret(db: Db, userId: string, secret: string): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date();
    const made = await tx
      .insert(twoFactor)
      .values({ userId, secretSealed: seal(secret), enabledAt: now })
      .onConflictDoNothing()
      .returning({ userId: twoFactor.userId });
    if (made.length) await audit(tx, null, { action: 'enable', objectType: 'two_factor', objectId: userId, after: { enabled: true } });
  });
}
