import { getTranslations } from 'next-intl/server';
import { Refusal } from '@/components/pay/refusal';

/** An unknown payment link: the payer's friendly page, inside the pay layout, with a 404 status. */
export default async function PayNotFound() {
  const t = await getTranslations('pay');
  return <Refusal title={t('notFoundTitle')} body={t('notFoundBody')} testId="link-not-found" />;
}
