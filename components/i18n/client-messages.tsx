import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { CLIENT_NAMESPACES, pickMessages, type ClientArea } from '@/lib/i18n/client-namespaces';

/**
 * An area's client components get only the namespaces they use (`lib/i18n/client-namespaces.ts`),
 * not the whole catalogue: the words are inlined into every page's HTML. The locale, time zone
 * and formats still come from the request's config.
 */
export async function ClientMessages({ area, children }: { area: ClientArea; children: ReactNode }) {
  const messages = (await getMessages()) as Parameters<typeof pickMessages>[0];
  return <NextIntlClientProvider messages={pickMessages(messages, CLIENT_NAMESPACES[area])}>{children}</NextIntlClientProvider>;
}
