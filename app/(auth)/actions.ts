'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { signIn } from '@/auth';
import { getDb } from '@/db';
import { completeReset, completeSignup, mobileHasAccount, requestResetCode, requestSignupCode, type RequestCodeResult } from '@/lib/auth/accounts';
import { verifyOtp } from '@/lib/auth/otp';
import { safeCallback } from '@/lib/auth/callback-url';
import { clientIp } from '@/lib/auth/request';
import { invalid, type ActionResult } from '@/lib/actions/result';
import { completeResetSchema, completeSignupSchema, loginSchema, requestCodeSchema, verifyCodeSchema } from '@/lib/validation/auth';
import { OTP_RULES } from '@/lib/auth/otp';

type Purpose = 'signup' | 'reset';
const TICKET_COOKIE = 'dargah_otp_ticket';

export type CodeSent = { mobile: string; resendAfterSeconds: number; expiresInSeconds: number };

function codeSentResult(mobile: string, r: RequestCodeResult): ActionResult<CodeSent> {
  if (r.ok) return { ok: true, data: { mobile, resendAfterSeconds: r.resendAfterSeconds, expiresInSeconds: r.expiresInSeconds } };
  return { ok: false, error: r.error, params: { retryAfterSeconds: r.retryAfterSeconds } };
}

export async function requestSignupCodeAction(input: unknown): Promise<ActionResult<CodeSent>> {
  const parsed = requestCodeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = await requestSignupCode(getDb(), { mobile: parsed.data.mobile, ip: clientIp(await headers()) });
  return codeSentResult(parsed.data.mobile, r);
}

export async function requestResetCodeAction(input: unknown): Promise<ActionResult<CodeSent>> {
  const parsed = requestCodeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = await requestResetCode(getDb(), { mobile: parsed.data.mobile, ip: clientIp(await headers()) });
  return codeSentResult(parsed.data.mobile, r);
}

/** Step 2 of sign-up and reset: a correct code leaves a single-use ticket in an httpOnly cookie. */
async function verifyCode(input: unknown, purpose: Purpose): Promise<ActionResult> {
  const parsed = verifyCodeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = await verifyOtp(getDb(), { ...parsed.data, purpose });
  if (!r.ok) {
    return { ok: false, fieldErrors: { code: r.error }, params: r.error === 'codeWrong' ? { attemptsLeft: r.attemptsLeft } : {} };
  }
  // Only now, to the number's proven owner: sign-up step 1 answers the same for every mobile.
  if (purpose === 'signup' && (await mobileHasAccount(getDb(), parsed.data.mobile))) return { ok: false, error: 'mobileTaken' };
  (await cookies()).set(TICKET_COOKIE, `${purpose}:${parsed.data.mobile}:${r.ticket}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production' && process.env.APP_ENV === 'production',
    path: '/',
    maxAge: OTP_RULES.ticketTtlSeconds,
  });
  return { ok: true };
}

export async function verifySignupCodeAction(input: unknown) {
  return verifyCode(input, 'signup');
}

export async function verifyResetCodeAction(input: unknown) {
  return verifyCode(input, 'reset');
}

async function readTicket(purpose: Purpose): Promise<{ mobile: string; ticket: string } | null> {
  const raw = (await cookies()).get(TICKET_COOKIE)?.value ?? '';
  const [p, mobile, ticket] = raw.split(':');
  return p === purpose && mobile && ticket ? { mobile, ticket } : null;
}

export async function completeSignupAction(input: unknown): Promise<ActionResult> {
  const parsed = completeSignupSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const t = await readTicket('signup');
  if (!t) return { ok: false, error: 'ticketInvalid' };
  const r = await completeSignup(getDb(), { ...t, ...parsed.data });
  if (!r.ok) return r.error === 'passwordCommon' ? { ok: false, fieldErrors: { password: r.error } } : { ok: false, error: r.error };
  (await cookies()).delete(TICKET_COOKIE);
  await signIn('credentials', { mobile: t.mobile, password: parsed.data.password, redirectTo: '/' });
  return { ok: true };
}

export async function completeResetAction(input: unknown): Promise<ActionResult> {
  const parsed = completeResetSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const t = await readTicket('reset');
  if (!t) return { ok: false, error: 'ticketInvalid' };
  const r = await completeReset(getDb(), { ...t, ...parsed.data });
  if (!r.ok) return r.error === 'passwordCommon' ? { ok: false, fieldErrors: { password: r.error } } : { ok: false, error: r.error };
  (await cookies()).delete(TICKET_COOKIE);
  await signIn('credentials', { mobile: t.mobile, password: parsed.data.password, redirectTo: '/' });
  return { ok: true };
}

export async function loginAction(input: unknown, callbackUrl?: string): Promise<ActionResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallback(callbackUrl) });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = err instanceof CredentialsSignin ? err.code : '';
      if (code.startsWith('locked:')) return { ok: false, error: 'locked', params: { retryAfterSeconds: Number(code.slice(7)) } };
      return { ok: false, error: 'invalidCredentials' };
    }
    throw err; // the success redirect, or a real failure
  }
  return { ok: true };
}
