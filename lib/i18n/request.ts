import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { defaultLocale, DISPLAY_TIME_ZONE, isLocale, LOCALE_COOKIE } from './config';

// The locale lives in a cookie rather than the URL: the portal is behind a login, so there is
// nothing to gain from localized paths, and links stay the same in both languages.
export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(fromCookie) ? fromCookie : defaultLocale;
  return {
    locale,
    // The reader's clock (Istanbul for Turkish); business days stay Tehran's (lib/date).
    timeZone: DISPLAY_TIME_ZONE[locale],
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
