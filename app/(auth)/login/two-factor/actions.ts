'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/action';
import type { Via } from '@/lib/actor';
import { getTwoFactorStep } from '@/lib/auth/session';
import { confirmEnrolment, disableTwoFactor, regenerateRecoveryCodes, REMEMBER_COOKIE, rememberDeviceValue, verifyTwoFactor } from '@/lib/auth/two-factor';
import { ok } from '@/lib/result';
import { twoFactorCodeInputSchema, twoFactorDisableSchema, twoFactorLoginSchema } from '@/lib/validation/two-factor';

/**
 * The second step of signing in and enrolment run before the session counts as signed in, so they
 * are `public` to the wrapper and check the half-signed-in session here (`getTwoFactorStep`): no
 * session, no step.
 */
async function pendingSession() {
  const step = await getTwoFactorStep();
  if (!step) redirect('/login');
  return step;
}

async function via(ip: string): Promise<Via> {
  return { ip, userAgent: (await headers()).get('user-agent') ?? '' };
}

export const verifyLoginCodeAction = action({ who: 'public', schema: twoFactorLoginSchema }, async (_, input, { db, ip }) => {
  const { user, sid } = await pendingSession();
  const r = await verifyTwoFactor(db, user, { code: input.code, sid, via: await via(ip) });
  if (!r.ok) return r;
  if (input.remember) {
    const { value, maxAge } = rememberDeviceValue(user);
    (await cookies()).set(REMEMBER_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: process.env.NODE_ENV === 'production' && process.env.APP_ENV === 'production',
      path: '/',
      maxAge,
    });
  }
  return ok();
});

export const confirmEnrolmentAction = action({ who: 'public', schema: twoFactorCodeInputSchema }, async (_, input, { db, ip }) => {
  const { user, sid } = await pendingSession();
  return confirmEnrolment(db, user, { code: input.code, sid, via: await via(ip) });
});

/** A step-up: a fresh code before a sensitive action is tried again. */
export const stepUpAction = action({ who: 'user', schema: twoFactorCodeInputSchema }, async (actor, input, { db }) => {
  const { sid } = await pendingSession();
  const r = await verifyTwoFactor(db, { id: actor.userId, role: actor.kind === 'staff' ? 'admin' : 'merchant' }, { code: input.code, sid, via: actor.via });
  return r.ok ? ok() : r;
});

export const regenerateRecoveryCodesAction = action({ who: 'user', schema: twoFactorCodeInputSchema }, (actor, input, { db }) =>
  regenerateRecoveryCodes(db, actor, input),
);

export const disableTwoFactorAction = action({ who: 'user', schema: twoFactorDisableSchema }, (actor, input, { db }) => disableTwoFactor(db, actor, input));
