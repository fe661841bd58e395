import { getLocale, getTranslations } from 'next-intl/server';
import { TicketForm, type AboutChoice } from '@/components/support/ticket-form';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { aboutChoices } from '@/lib/support';
import { openTicketAction } from '../actions';

export const generateMetadata = titled('support', 'newTitle');

/** The new-ticket form, with the business's latest payments, payouts and platforms to pick what it is about. */
export default async function NewTicketPage({ searchParams }: { searchParams: Promise<{ payment?: string }> }) {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const t = await getTranslations('support');
  const locale = (await getLocale()) as Locale;
  const c = await aboutChoices(getDb(), actor);
  const choices: AboutChoice[] = [
    ...c.payments.map((p) => ({
      kind: 'payment' as const,
      id: p.trackingCode,
      label: `${localDigits(p.trackingCode, locale)} · ${p.currency === 'IRR' ? formatAmount(p.amount, locale) : localDigits(p.amount.toString(), locale)} · ${formatDate(p.createdAt, locale)}`,
    })),
    ...c.payouts.map((p) => ({
      kind: 'payout' as const,
      id: p.id,
      label: `${p.currency === 'IRR' ? formatAmount(p.amount, locale) : localDigits(p.amount.toString(), locale)} · ${formatDate(p.requestedAt, locale)}`,
    })),
    ...c.platforms.map((p) => ({ kind: 'platform' as const, id: p.id, label: p.name })),
  ];
  // A link from a payment's page names it: the form starts with it picked.
  const payment = (await searchParams).payment;
  const initial = payment && /^\d{11}$/.test(payment) ? { aboutKind: 'payment' as const, aboutRef: payment } : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/support">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('newTitle')}</h1>
        <p className="mt-1 text-sm text-muted">{t('intro')}</p>
      </div>
      <Card>
        <TicketForm action={openTicketAction} choices={choices} initial={initial} />
      </Card>
    </div>
  );
}
