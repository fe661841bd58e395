'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { getLocale } from 'next-intl/server';
import { cookies } from 'next/headers';
import { signIn } from '@/auth';
import { action } from '@/lib/actions/action';
import {
  completeReset,
  completeSignup,
  requestEmailSignupCode,
  requestResetCode,
  requestSignupCode,
  verifyCode,
  type CompleteResult,
} from '@/lib/auth/accounts';
import { safeCallback } from '@/lib/auth/callback-url';
import { OTP_RULES } from '@/lib/auth/otp';
import { AFTER_TWO_FACTOR_COOKIE } from '@/lib/auth/two-factor';
import { err, ok, type Result } from '@/lib/result';
import {
  completeEmailSignupSchema,
  completeResetSchema,
  completeSignupSchema,
  isEmailIdentifier,
  loginFormSchema,
  requestCodeSchema,
  requestEmailSignupCodeSchema,
  requestResetCodeSchema,
  resendEmailSignupCodeSchema,
  verifyCodeSchema,
} from '@/lib/validation/auth';

type Purpose = 'signup' | 'reset';

/** Where the sign-in was headed, for the two-factor step to go on to once the code is in (the guards send it there first). */
async function keepAfterTwoFactor(callbackUrl: string | undefined) {
  let jar;
  try {
    jar = await cookies();
  } catch {
    return; // outside a request (a test calling the action): nothing to keep
  }
  jar.set(AFTER_TWO_FACTOR_COOKIE, safeCallback(callbackUrl), { httpOnly: true, sameSite: 'lax', path: '/login', maxAge: 600 });
}
const TICKET_COOKIE = 'dargah_otp_ticket';

export const requestSignupCodeAction = action({ who: 'public', schema: requestCodeSchema }, (_, input, { db, ip }) =>
  requestSignupCode(db, { mobile: input.mobile, ip }),
);

/** A Turkish company: the code goes to its e-mail address, written in the page's language. */
export const requestEmailSignupCodeAction = action({ who: 'public', schema: requestEmailSignupCodeSchema }, async (_, input, { db, ip }) => {
  const r = await requestEmailSignupCode(db, { email: input.email, ip, locale: await getLocale() });
  return r.ok ? ok({ ...r.data, phone: input.mobile }) : r;
});

export const resendEmailSignupCodeAction = action({ who: 'public', schema: resendEmailSignupCodeSchema }, async (_, input, { db, ip }) =>
  requestEmailSignupCode(db, { email: input.mobile, ip, locale: await getLocale() }),
);

export const requestResetCodeAction = action({ who: 'public', schema: requestResetCodeSchema }, (_, input, { db, ip }) =>
  requestResetCode(db, { mobile: input.mobile, ip }),
);

/** Step 2 of sign-up and reset: a correct code leaves a single-use ticket in an httpOnly cookie. */
async function keepTicket(purpose: Purpose, mobile: string, r: Result<{ ticket: string }>): Promise<Result> {
  if (!r.ok) return r;
  (await cookies()).set(TICKET_COOKIE, `${purpose}:${mobile}:${r.data.ticket}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production' && process.env.APP_ENV === 'production',
    path: '/',
    maxAge: OTP_RULES.ticketTtlSeconds,
  });
  return ok();
}

export const verifySignupCodeAction = action({ who: 'public', schema: verifyCodeSchema }, async (_, input, { db }) =>
  keepTicket('signup', input.mobile, await verifyCode(db, { ...input, purpose: 'signup' })),
);

export const verifyResetCodeAction = action({ who: 'public', schema: verifyCodeSchema }, async (_, input, { db }) =>
  keepTicket('reset', input.mobile, await verifyCode(db, { ...input, purpose: 'reset' })),
);

async function readTicket(purpose: Purpose): Promise<{ mobile: string; ticket: string } | null> {
  const raw = (await cookies()).get(TICKET_COOKIE)?.value ?? '';
  const [p, mobile, ticket] = raw.split(':');
  return p === purpose && mobile && ticket ? { mobile, ticket } : null;
}

/** Step 3: with the ticket spent, the cookie goes and the person is signed in (a redirect home). */
async function finish(purpose: Purpose, password: string, complete: (t: { mobile: string; ticket: string }) => Promise<CompleteResult>): Promise<Result> {
  const t = await readTicket(purpose);
  if (!t) return err('ticketInvalid');
  const r = await complete(t);
  if (!r.ok) return r;
  (await cookies()).delete(TICKET_COOKIE);
  await signIn('credentials', { mobile: t.mobile, password, redirectTo: '/' });
  return ok();
}

/** Iran: the ticket must be a mobile's (an e-mail's ticket belongs to the Turkish path below). */
export const completeSignupAction = action({ who: 'public', schema: completeSignupSchema }, (_, input, { db }) =>
  finish('signup', input.password, async (t) => (isEmailIdentifier(t.mobile) ? err('ticketInvalid') : completeSignup(db, { ...t, ...input }))),
);

/** A Turkish company: the ticket is its e-mail address's; its e-mails are in Turkish. */
export const completeEmailSignupAction = action({ who: 'public', schema: completeEmailSignupSchema }, (_, input, { db }) =>
  finish('signup', input.password, async (t) =>
    isEmailIdentifier(t.mobile) ? completeSignup(db, { ...input, email: t.mobile, ticket: t.ticket, locale: 'tr' }) : err('ticketInvalid'),
  ),
);

export const completeResetAction = action({ who: 'public', schema: completeResetSchema }, (_, input, { db }) =>
  finish('reset', input.password, (t) => completeReset(db, { ...t, ...input })),
);

export const loginAction = action({ who: 'public', schema: loginFormSchema }, async (_, { callbackUrl, ...credentials }): Promise<Result> => {
  await keepAfterTwoFactor(callbackUrl);
  try {
    await signIn('credentials', { ...credentials, redirectTo: safeCallback(callbackUrl) });
  } catch (e) {
    if (e instanceof AuthError) {
      const code = e instanceof CredentialsSignin ? e.code : '';
      if (code.startsWith('locked:')) return err('locked', { retryAfterSeconds: Number(code.slice(7)) });
      return err('invalidCredentials');
    }
    throw e; // the success redirect, or a real failure
  }
  return ok();
});
