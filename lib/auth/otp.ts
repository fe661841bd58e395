import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { otpCodes, type OtpPurpose } from '@/db/schema';
import { env } from '@/lib/env';

export const OTP_RULES = {
  ttlSeconds: 120,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  perMobilePerHour: 5,
  perIpPerHour: 30,
  /** How long after a correct code the next step (password) may still be completed. */
  ticketTtlSeconds: 600,
} as const;

function key(): string {
  const e = env();
  return e.OTP_PEPPER ?? createHmac('sha256', e.AUTH_SECRET).update('dargah-otp-pepper').digest('hex');
}

/** Keyed hash bound to mobile and purpose: a code for sign-up can never match a reset. */
export function hashCode(mobile: string, purpose: OtpPurpose, code: string): string {
  return createHmac('sha256', key()).update(`${purpose}:${mobile}:${code}`).digest('base64');
}

function hashTicket(ticket: string): string {
  return createHmac('sha256', key()).update(`ticket:${ticket}`).digest('base64');
}

/** Constant-time comparison of two base64 digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function generateCode(length: number): string {
  // randomInt draws from the CSPRNG without modulo bias.
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

export type IssueOtpResult =
  | { ok: true; code: string; expiresAt: Date; resendAfterSeconds: number }
  | { ok: false; error: 'resendTooSoon'; retryAfterSeconds: number }
  | { ok: false; error: 'mobileHourlyCap' | 'ipHourlyCap'; retryAfterSeconds: number };

/**
 * Issues a new code under the throttles. Runs inside the caller's transaction and takes
 * advisory locks on the mobile and the IP, so concurrent requests on several app instances
 * cannot slip past the limits.
 */
export async function issueOtp(tx: Tx, input: { mobile: string; purpose: OtpPurpose; ip: string; now?: Date }): Promise<IssueOtpResult> {
  const now = input.now ?? new Date();
  const hourAgo = new Date(now.getTime() - 3600_000);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'otp:m:' + input.mobile}))`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'otp:ip:' + input.ip}))`);

  const [last] = await tx
    .select({ createdAt: otpCodes.createdAt })
    .from(otpCodes)
    .where(and(eq(otpCodes.mobile, input.mobile), eq(otpCodes.purpose, input.purpose)))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  if (last) {
    const wait = OTP_RULES.resendAfterSeconds - Math.floor((now.getTime() - last.createdAt.getTime()) / 1000);
    if (wait > 0) return { ok: false, error: 'resendTooSoon', retryAfterSeconds: wait };
  }

  // The hourly caps, per mobile and then per address: codes sent in the last hour, and when the oldest of them ages out.
  const caps = [
    { by: eq(otpCodes.mobile, input.mobile), max: OTP_RULES.perMobilePerHour, error: 'mobileHourlyCap' },
    { by: eq(otpCodes.ip, input.ip), max: OTP_RULES.perIpPerHour, error: 'ipHourlyCap' },
  ] as const;
  for (const cap of caps) {
    const [sent] = await tx
      .select({ n: count(), oldest: sql<string>`min(${otpCodes.createdAt})` })
      .from(otpCodes)
      .where(and(cap.by, gt(otpCodes.createdAt, hourAgo)));
    if ((sent?.n ?? 0) >= cap.max) return { ok: false, error: cap.error, retryAfterSeconds: secondsUntilHourAfter(sent.oldest, now) };
  }

  const code = generateCode(env().OTP_LENGTH);
  const expiresAt = new Date(now.getTime() + OTP_RULES.ttlSeconds * 1000);
  await tx.insert(otpCodes).values({
    mobile: input.mobile,
    purpose: input.purpose,
    codeHash: hashCode(input.mobile, input.purpose, code),
    ip: input.ip,
    createdAt: now,
    expiresAt,
  });
  return { ok: true, code, expiresAt, resendAfterSeconds: OTP_RULES.resendAfterSeconds };
}

function secondsUntilHourAfter(oldest: string | Date, now: Date): number {
  const t = new Date(oldest).getTime() + 3600_000 - now.getTime();
  return Math.max(1, Math.ceil(t / 1000));
}

export type VerifyOtpResult =
  { ok: true; ticket: string } | { ok: false; error: 'codeMissing' | 'codeExpired' | 'codeBurned' } | { ok: false; error: 'codeWrong'; attemptsLeft: number };

/** Checks a code against the newest unused one for this mobile and purpose. */
export async function verifyOtp(db: DbOrTx, input: { mobile: string; purpose: OtpPurpose; code: string; now?: Date }): Promise<VerifyOtpResult> {
  const now = input.now ?? new Date();
  const [row] = await db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.mobile, input.mobile), eq(otpCodes.purpose, input.purpose)))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  if (!row || row.verifiedAt) return { ok: false, error: 'codeMissing' };
  if (row.attempts >= OTP_RULES.maxAttempts) return { ok: false, error: 'codeBurned' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, error: 'codeExpired' };

  if (!sameDigest(hashCode(input.mobile, input.purpose, input.code), row.codeHash)) {
    // Conditional increment: concurrent wrong guesses each count, and none passes the cap.
    const [bumped] = await db
      .update(otpCodes)
      .set({ attempts: sql`${otpCodes.attempts} + 1` })
      .where(and(eq(otpCodes.id, row.id), isNull(otpCodes.verifiedAt), sql`${otpCodes.attempts} < ${OTP_RULES.maxAttempts}`))
      .returning({ attempts: otpCodes.attempts });
    if (!bumped || bumped.attempts >= OTP_RULES.maxAttempts) return { ok: false, error: 'codeBurned' };
    return { ok: false, error: 'codeWrong', attemptsLeft: OTP_RULES.maxAttempts - bumped.attempts };
  }

  const ticket = randomBytes(32).toString('base64url');
  const [done] = await db
    .update(otpCodes)
    .set({ verifiedAt: now, ticketHash: hashTicket(ticket) })
    .where(and(eq(otpCodes.id, row.id), isNull(otpCodes.verifiedAt), sql`${otpCodes.attempts} < ${OTP_RULES.maxAttempts}`, gt(otpCodes.expiresAt, now)))
    .returning({ id: otpCodes.id });
  // Lost a race with another correct entry: the code is single use.
  if (!done) return { ok: false, error: 'codeMissing' };
  return { ok: true, ticket };
}

/** Spends the ticket a correct code gave; true once, false ever after or when it is too old. */
export async function consumeTicket(tx: DbOrTx, input: { mobile: string; purpose: OtpPurpose; ticket: string; now?: Date }): Promise<boolean> {
  const now = input.now ?? new Date();
  const oldest = new Date(now.getTime() - OTP_RULES.ticketTtlSeconds * 1000);
  const rows = await tx
    .update(otpCodes)
    .set({ ticketUsedAt: now })
    .where(
      and(
        eq(otpCodes.mobile, input.mobile),
        eq(otpCodes.purpose, input.purpose),
        eq(otpCodes.ticketHash, hashTicket(input.ticket)),
        isNull(otpCodes.ticketUsedAt),
        gt(otpCodes.verifiedAt, oldest),
      ),
    )
    .returning({ id: otpCodes.id });
  return rows.length === 1;
}
