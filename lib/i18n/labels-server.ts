import { getTranslations } from 'next-intl/server';
import { auditLabelsFrom, labelsFrom, type AuditLabels, type LabelOf } from './labels';

/** `useLabels()` for async server components and exports: the reader's language, or `locale`'s. */
export async function getLabels(locale?: string): Promise<LabelOf> {
  const t = locale ? await getTranslations({ locale, namespace: 'labels' }) : await getTranslations('labels');
  return labelsFrom(t as unknown as Parameters<typeof labelsFrom>[0]);
}

/** The audit trail's action, object and actor-kind words, in the reader's language or `locale`'s. */
export async function getAuditLabels(locale?: string): Promise<AuditLabels> {
  const t = locale ? await getTranslations({ locale, namespace: 'audit' }) : await getTranslations('audit');
  return auditLabelsFrom(t as unknown as Parameters<typeof auditLabelsFrom>[0]);
}
