import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';

/**
 * E-mails are written in the person's language (users.locale), Persian when unset. Turkish reads
 * English until messages/tr.json has the `email` texts (English is what a Turkish company reads
 * better than Persian); then Turkish, with no change here.
 */
const CATALOGUES = { fa, en, tr: tr as unknown as typeof en } as const;
type CatalogueLocale = keyof typeof CATALOGUES;
const HAS_EMAIL_TEXTS: Record<CatalogueLocale, boolean> = { fa: true, en: true, tr: 'email' in tr };

export type EmailKey =
  'signupCode' | 'resetCode' | 'kycApproved' | 'kycRejected' | 'platformApproved' | 'platformRejected' | 'payoutAccountChanged' | 'message';

export type EmailValues = Record<string, string>;

export function emailLocale(locale: string | null | undefined): CatalogueLocale {
  if (!locale) return 'fa';
  return locale in CATALOGUES && HAS_EMAIL_TEXTS[locale as CatalogueLocale] ? (locale as CatalogueLocale) : 'en';
}

/** Subject and plain-text body of one template, in the person's language. */
export function emailText(locale: string | null | undefined, key: EmailKey, values: EmailValues): { subject: string; body: string } {
  const l = emailLocale(locale);
  const t = createTranslator({ locale: l, messages: CATALOGUES[l], namespace: 'email' });
  return { subject: t(`${key}.subject`, values), body: `${t(`${key}.body`, values)}\n\n${t('signature')}` };
}
