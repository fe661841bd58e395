'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { locales, LOCALE_COOKIE } from '@/lib/i18n/config';
import { ok } from '@/lib/result';

/** The interface language, remembered in a cookie; anyone may choose it, signed in or not. */
export const setLocaleAction = action({ who: 'public', schema: z.object({ locale: z.enum(locales) }) }, async (_, { locale }) => {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
  return ok();
});
