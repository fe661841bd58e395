import { getTranslations } from 'next-intl/server';
import { labelsFrom, type LabelOf } from './labels';

/** `useLabels()` for async server components and exports: the reader's language, or `locale`'s. */
export async function getLabels(locale?: string): Promise<LabelOf> {
  const t = locale ? await getTranslations({ locale, namespace: 'labels' }) : await getTranslations('labels');
  return labelsFrom(t as unknown as Parameters<typeof labelsFrom>[0]);
}
