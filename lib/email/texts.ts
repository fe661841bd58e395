import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';

/**
 * E-mails are written in the person's language (users.locale), Persian when unset. A locale
 * without a catalogue here (Turkish until messages/tr.json lands and is added) reads English,
 * which Turkish companies read better than Persian.
 */
const CATALOGUES = { fa, en } as const;
type CatalogueLocale = keyof typeof CATALOGUES;

export type EmailKey =
  'signupCode' | 'resetCode' | 'kycApproved' | 'kycRejected' | 'platformApproved' | 'platformRejected' | 'payoutAccountChanged' | 'message';

export type EmailValues = Record<string, string>;

export function emailLocale(locale: string | null | undefined): CatalogueLocale {
  if (!locale) return 'fa';
  return locale in CATALOGUES ? (locale as CatalogueLocale) : 'en';
}

/** Subject and plain-text body of one template, in the person's language. */
export function emailText(locale: string | null | undefined, key: EmailKey, values: EmailValues): { subject: string; body: string } {
  const l = emailLocale(locale);
  const t = createTranslator({ locale: l, messages: CATALOGUES[l], namespace: 'email' });
  return { subject: t(`${key}.subject`, values), body: `${t(`${key}.body`, values)}\n\n${t('signature')}` };
}
