import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { MerchantHistory } from '@/components/audit/merchant-history';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { getMerchantForStaff, type MerchantForStaff } from '@/lib/admin/merchants';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import { PROVINCES } from '@/lib/geo/provinces';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { messageText } from '@/lib/messages/view';
import { formatMoney, type Currency, type DisplayUnit } from '@/lib/money';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { financialFieldsOf, identityFields } from '@/lib/validation/kyc';
import { formatTrIban } from '@/lib/validation/turkey';

export const generateMetadata = titled('adminMerchants', 'pageTitle');

const badge = {
  good: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  wait: 'bg-amber-50 text-amber-900 ring-amber-200',
  bad: 'bg-red-50 text-red-800 ring-red-200',
  plain: 'bg-slate-100 text-slate-700 ring-slate-200',
};
const toneOf = (state: string): keyof typeof badge =>
  ['approved', 'active', 'succeeded'].includes(state)
    ? 'good'
    : ['submitted', 'pending', 'requested', 'awaiting_confirmation', 'unknown', 'redirected', 'paused'].includes(state)
      ? 'wait'
      : ['rejected', 'suspended', 'failed', 'removed'].includes(state)
        ? 'bad'
        : 'plain';

function Badge({ state, children }: { state: string; children: ReactNode }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badge[toneOf(state)]}`}>{children}</span>;
}

/** One merchant, for staff: who they are, what they use, their money, what they were sent and every decision about them. */
export default async function AdminMerchantPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('merchants');
  const m = await getMerchantForStaff(getDb(), actor, (await params).id);
  if (!m) notFound();
  const t = await getTranslations('adminMerchants');
  const tk = await getTranslations('kyc');
  const ts = await getTranslations('services');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const ti = await getTranslations('inbox');
  const locale = (await getLocale()) as Locale;
  const { user, kyc } = m;
  const fullName = `${user.firstName} ${user.lastName}`;
  const money = (v: bigint, currency: string, unit: DisplayUnit) => formatMoney(v, currency as Currency, locale, unit);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/merchants">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold" data-testid="merchant-name">
          <bdi>{fullName}</bdi>
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
          <bdi dir="ltr">{localDigits(user.mobile, locale)}</bdi>
          {user.email && <bdi dir="ltr">{user.email}</bdi>}
          <span>{t('joinedOn', { date: formatDate(user.createdAt, locale) })}</span>
          <Badge state={kyc?.status ?? 'none'}>{kyc ? tk(`status.${kyc.status}`) : t('kycNone')}</Badge>
        </p>
      </div>

      <CustomerInfo m={m} locale={locale} t={t} tk={tk} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('servicesTitle')}>
          {m.services.length === 0 ? (
            <p className="text-sm text-muted">{t('noServices')}</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm" data-testid="merchant-services">
              {m.services.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium">{locale === 'fa' ? s.nameFa : s.nameEn}</span>
                  <span className="flex items-center gap-2 text-muted">
                    <Badge state={s.status}>{ts(`msStatus.${s.status}`)}</Badge>
                    {formatDate(s.createdAt, locale)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('bankAccounts')}>
          {m.bankAccounts.length === 0 ? (
            <p className="text-sm text-muted">{t('noBankAccounts')}</p>
          ) : (
            <ul className="flex flex-col gap-3 text-sm">
              {m.bankAccounts.map((a) => {
                const bank = bankOfSheba(a.sheba);
                return (
                  <li key={a.id} className="flex flex-col gap-0.5">
                    <span className="flex flex-wrap items-center gap-2">
                      <bdi dir="ltr" className="font-mono text-xs">
                        {a.sheba.replace(/(.{4})/g, '$1 ').trim()}
                      </bdi>
                      <Badge state={a.status}>{t(`accountStatus.${a.status}`)}</Badge>
                    </span>
                    <span className="text-muted">
                      <bdi>{a.holderName}</bdi>
                      {bank && <> · {locale === 'fa' ? bank.name : bank.nameEn}</>}
                    </span>
                    {a.reason && <span className="text-xs text-muted">{t('reasonIs', { reason: a.reason })}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>

      <Card title={t('platformsTitle')}>
        {m.platforms.length === 0 ? (
          <p className="text-sm text-muted">{t('noPlatforms')}</p>
        ) : (
          <ul className="flex flex-col gap-4" data-testid="merchant-platforms">
            {m.platforms.map((p) => (
              <li key={p.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-testid={`merchant-platform-${p.name}`}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="font-semibold">
                    <bdi>{p.name}</bdi> · {ts(`types.${p.type}`)}
                  </p>
                  <Badge state={p.status}>{ts(`platformStatus.${p.status}`)}</Badge>
                </div>
                <p className="mt-1 break-all text-muted">
                  <bdi dir="ltr">{p.address}</bdi>
                </p>
                {p.decisionReason && <p className="mt-1 text-muted">{t('reasonIs', { reason: p.decisionReason })}</p>}
                <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="platform-balances">
                  {(['pending', 'withdrawable', 'held', 'owed'] as const).map((k) => (
                    <div key={k} className="rounded-lg bg-slate-50 p-2.5">
                      <dt className="text-xs text-muted">{t(`balance.${k}`)}</dt>
                      <dd className="mt-0.5 font-semibold" data-minor={p.balances[k].toString()}>
                        {money(p.balances[k], p.currency, p.unit)}
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('paymentsTitle')}>
        {m.payments.length === 0 ? (
          <p className="text-sm text-muted">{t('noPayments')}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-100 text-sm" data-testid="merchant-payments">
            {m.payments.map((p) => {
              const unit = m.platforms.find((x) => x.id === p.platformId)?.unit ?? 'rial';
              return (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">{money(p.amount, p.currency, unit)}</span>
                    <Badge state={p.state}>{tr.has(`states.${p.state}`) ? tr(`states.${p.state}`) : p.state}</Badge>
                    {!p.livemode && <span className="rounded bg-amber-100 px-1 text-xs text-amber-900">{t('test')}</span>}
                  </span>
                  <span className="flex flex-wrap gap-x-3 text-muted">
                    <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                    <bdi>{p.platformName}</bdi>
                    <span>{tp.has(p.method) ? tp(p.method) : p.method}</span>
                    <span>{formatDate(p.createdAt, locale, { time: true })}</span>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('messagesTitle')}>
          {m.messages.length === 0 ? (
            <p className="text-sm text-muted">{t('noMessages')}</p>
          ) : (
            <ul className="flex flex-col gap-3 text-sm" data-testid="merchant-messages">
              {m.messages.map((msg) => {
                const { title } = messageText(msg, locale, ti);
                return (
                  <li key={msg.id} className="flex flex-col gap-0.5">
                    <span className="font-medium" dir="auto">
                      {title}
                    </span>
                    <span className="text-xs text-muted">
                      {msg.source === 'staff' ? t('fromStaff') : t('fromSystem')} · {formatDate(msg.createdAt, locale, { time: true })} ·{' '}
                      {msg.readAt ? t('read') : t('unread')}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card title={t('decisionsTitle')}>
          {m.decisions.length === 0 ? (
            <p className="text-sm text-muted">{t('noDecisions')}</p>
          ) : (
            <ol className="flex flex-col gap-3 text-sm" data-testid="merchant-decisions">
              {m.decisions.map((d) => {
                const action = d.action.replace(/\./g, '_');
                const platform = d.objectType === 'platform' ? m.platforms.find((p) => p.id === d.objectId)?.name : undefined;
                return (
                  <li key={d.id.toString()} className="border-s-2 border-slate-200 ps-3">
                    <p className="font-medium">
                      {t.has(`objects.${d.objectType}`) ? t(`objects.${d.objectType}`) : t('objects.other')}
                      {platform && (
                        <>
                          {' '}
                          «<bdi>{platform}</bdi>»
                        </>
                      )}
                      : {t.has(`actions.${action}`) ? t(`actions.${action}`) : t('actions.other')}
                    </p>
                    {d.reason && (
                      <p className="mt-0.5 text-muted" dir="auto">
                        {d.reason}
                      </p>
                    )}
                    <p className="mt-0.5 text-xs text-muted">
                      {formatDate(d.at, locale, { time: true })}
                      {d.staff && (
                        <>
                          {' '}
                          · <bdi>{d.staff}</bdi>
                        </>
                      )}
                    </p>
                  </li>
                );
              })}
            </ol>
          )}
        </Card>
      </div>

      <MerchantHistory actor={actor} merchantId={user.id} />
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'adminMerchants'>>>;
type TK = Awaited<ReturnType<typeof getTranslations<'kyc'>>>;

/** The customer information as the merchant last wrote it, with a link to its review. */
function CustomerInfo({ m, locale, t, tk }: { m: MerchantForStaff; locale: Locale; t: T; tk: TK }) {
  const kyc = m.kyc;
  if (!kyc) {
    return (
      <Card title={t('customerInfo')}>
        <p className="text-sm text-muted">{t('noKyc')}</p>
      </Card>
    );
  }
  const turkish = kyc.kind === 'turkish_company';
  const label = (k: string) => (turkish && tk.has(`turkey.fields.${k}`) ? tk(`turkey.fields.${k}`) : tk.has(`fields.${k}`) ? tk(`fields.${k}`) : k);
  const show = (k: string, v: string | undefined): ReactNode => {
    if (!v) return '—';
    if (k === 'companyType') return tk.has(`companyTypes.${v}`) ? tk(`companyTypes.${v}`) : v;
    if (k === 'province' && locale !== 'fa') return PROVINCES.find((p) => p.fa === v)?.en ?? v;
    if (k === 'iban') return <bdi dir="ltr">{formatTrIban(v)}</bdi>;
    if (k === 'sheba' || k === 'email') return <bdi dir="ltr">{v}</bdi>;
    if (/^[\d/+ -]+$/.test(v)) return <bdi dir="ltr">{turkish ? v : localDigits(v, locale)}</bdi>;
    return <bdi>{v}</bdi>;
  };
  const fields = [
    ...identityFields[kyc.kind].map((k) => [k, kyc.identity[k]] as const),
    ...financialFieldsOf[kyc.kind].map((k) => [k, kyc.financial[k]] as const),
  ].filter(([, v]) => v);
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center justify-between gap-2">
          <span>
            {t('customerInfo')} · {tk(`kinds.${kyc.kind}`)}
          </span>
          <Link href={`/admin/kyc/${kyc.id}`} className="text-sm font-medium text-brand-700 hover:underline">
            {t('openReview')}
          </Link>
        </span>
      }
    >
      {kyc.rejectionNote && kyc.status === 'rejected' && <p className="mb-3 text-sm text-muted">{t('reasonIs', { reason: kyc.rejectionNote })}</p>}
      {fields.length === 0 ? (
        <p className="text-sm text-muted">{t('kycEmpty')}</p>
      ) : (
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="merchant-kyc">
          {fields.map(([k, v]) => (
            <div key={k} className="min-w-0">
              <dt className="text-xs text-muted">{label(k)}</dt>
              <dd className="break-words font-medium">{show(k, v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
