import { useTranslations } from 'next-intl';

/**
 * Codes as the reader reads them: services (`charge`), gateways (`sandbox`), states, sources and
 * kinds, from the `labels` namespace of the catalogue, in Persian, English and Turkish alike. A
 * screen never shows a code; `labels.test.ts` checks that every value of the database's enums
 * has its words in all three languages.
 *
 *   const label = await getLabels();          // server components (labels-server.ts)
 *   const label = useLabels();                // client components
 *   label('services', s.serviceId)            // → 'درگاه شارژ' / 'Charge gateway' / 'TL yükleme geçidi'
 *
 * This module imports nothing from the database, so client bundles may use it.
 */
export const LABEL_GROUPS = [
  'services',
  'gateways',
  'paymentStates',
  'paymentSources',
  'paymentMethods',
  'kycStatus',
  'personKinds',
  'serviceStatus',
  'platformStatus',
  'platformTypes',
  'payoutStates',
  'refundStates',
  'disputeStates',
  'topupStates',
  'splitInvoiceStates',
  'ivrInvoiceStates',
  'vposChannels',
  'webhookEventStates',
  'exportStates',
  'apiKeyEnvironments',
] as const;
export type LabelGroup = (typeof LABEL_GROUPS)[number];

/** Translates a code of a group; an unknown code is shown as it is, never as a missing-message error. */
export type LabelOf = (group: LabelGroup, code: string | null | undefined) => string;

type Translator = { (key: string): string; has(key: string): boolean };

export function labelsFrom(t: Translator): LabelOf {
  return (group, code) => {
    if (!code) return '—';
    const key = `${group}.${code}`;
    return t.has(key) ? t(key) : code;
  };
}

export function useLabels(): LabelOf {
  return labelsFrom(useTranslations('labels') as unknown as Translator);
}
