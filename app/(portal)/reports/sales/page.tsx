import { getLocale, getTranslations } from 'next-intl/server';
import { SalesCharts } from '@/components/reports/sales-charts';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { localDigits, toPersianDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { amountInUnit, formatAmount } from '@/lib/money';
import { merchantUnit } from '@/lib/reports/background';
import { PRESETS, readFilters } from '@/lib/reports/filters';
import { formatJDay } from '@/lib/reports/jalali';
import { reportPlatforms } from '@/lib/reports/options';
import { salesSummary, type SalesTotals } from '@/lib/reports/sales';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';
import { formatPercent } from '@/lib/i18n/numbers';

export const generateMetadata = titled('sales', 'title');

export default async function SalesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'reports' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('sales');
  const tr = await getTranslations('reports');
  const te = await getTranslations('errors');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const read = readFilters(await searchParams);
  const [list, unit] = await Promise.all([reportPlatforms(db, actor).then((ps) => ps.map((p) => ({ value: p.id, label: p.label }))), merchantUnit(db, actor)]);
  const s = read.ok ? await salesSummary(db, actor, read.filters) : null;
  // The period box names what the figures are for: the preset the summary chose (this month when
  // nothing was asked), else the typed range ("custom").
  const shownPreset = s?.preset ?? read.raw.preset ?? '';
  const money = (r: bigint) => formatAmount(r, locale, unit);
  const pct = (r: number | null) =>
    r === null
      ? '—'
      : locale === 'tr'
        ? formatPercent(Math.round(r * 100), locale)
        : locale === 'fa'
          ? `${toPersianDigits(Math.round(r * 100))}٪`
          : `${Math.round(r * 100)}%`;
  const jday = (d: Parameters<typeof formatJDay>[0]) => localDigits(formatJDay(d), locale);
  const change = (now: number, before: number) => {
    if (!before) return null;
    const p = Math.round(((now - before) / before) * 100);
    return t('change', { sign: p > 0 ? '+' : p < 0 ? '−' : '', pct: localDigits(Math.abs(p), locale) });
  };
  const card = (label: string, value: string, previous: string, delta: string | null, testId: string) => (
    <div className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <p className="text-xs text-muted">{label}</p>
      <p className="mt-1 text-lg font-bold">{value}</p>
      <p className="mt-1 text-xs text-muted">{t('previous', { value: previous })}</p>
      {delta && <p className="text-xs text-muted">{delta}</p>}
    </div>
  );
  const tot = (x: SalesTotals) => x;
  const errors = read.ok ? {} : read.errors;
  const presets = ['', ...PRESETS].map((p) => ({ value: p, label: tr(`presets.${p}` as 'presets.today') }));
  /** The four figures a product line and a day both have. */
  const figures = (x: Pick<SalesTotals, 'succeeded' | 'sum' | 'failed' | 'rate'>) => (
    <>
      <td className="px-2 py-2">{localDigits(x.succeeded, locale)}</td>
      <td className="whitespace-nowrap px-2 py-2">{money(x.sum)}</td>
      <td className="px-2 py-2">{localDigits(x.failed, locale)}</td>
      <td className="px-2 py-2">{pct(x.rate)}</td>
    </>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <form method="get" className="flex flex-wrap items-end gap-3" data-testid="sales-filters">
        <SelectField name="preset" label={tr('preset')} defaultValue={shownPreset} options={presets} />
        {(['from', 'to'] as const).map((k) => (
          <Field
            key={k}
            name={k}
            label={tr(k)}
            defaultValue={read.raw[k] ?? ''}
            placeholder={tr('dateHint')}
            dir="ltr"
            error={errors[k] ? (te.has(errors[k]) ? te(errors[k]) : te('invalid')) : undefined}
          />
        ))}
        <SelectField name="platform" label={tr('platform')} defaultValue={read.raw.platform ?? ''} emptyLabel={tr('any')} options={list} />
        <Button type="submit">{t('show')}</Button>
      </form>
      {s && (
        <>
          <p className="text-sm text-muted" data-testid="sales-period">
            {s.preset ? `${tr(`presets.${s.preset}`)}: ` : ''}
            {t('period', { from: jday(s.from), to: jday(s.to) })}
          </p>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {card(
              t('succeeded'),
              localDigits(tot(s.current).succeeded, locale),
              localDigits(s.previous.succeeded, locale),
              change(s.current.succeeded, s.previous.succeeded),
              'sales-succeeded',
            )}
            {card(t('sum'), money(s.current.sum), money(s.previous.sum), change(Number(s.current.sum), Number(s.previous.sum)), 'sales-sum')}
            {card(t('failed'), localDigits(s.current.failed, locale), localDigits(s.previous.failed, locale), null, 'sales-failed')}
            {card(t('rate'), pct(s.current.rate), pct(s.previous.rate), null, 'sales-rate')}
            {card(
              t('refunded', { count: localDigits(s.current.refundedCount, locale) }),
              money(s.current.refunded),
              money(s.previous.refunded),
              null,
              'sales-refunded',
            )}
            {card(t('net'), money(s.current.sum - s.current.refunded), money(s.previous.sum - s.previous.refunded), null, 'sales-net')}
          </div>
          {s.lines.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <>
              <SalesCharts
                days={s.days.map((d) => ({
                  label: localDigits(`${d.day.jm}/${d.day.jd}`, locale),
                  sum: Number(amountInUnit(d.sum, unit)),
                  rate: d.rate,
                }))}
                shares={s.lines.map((l) => ({ label: `${l.product ?? t('noProduct')} · ${l.platform}`, sum: Number(l.sum) }))}
              />
              <Card title={t('byProduct')}>
                <DataTable
                  caption={t('byProduct')}
                  columns={[t('product'), t('platform'), t('succeeded'), t('sum'), t('failed'), t('rate')]}
                  testId="sales-by-product"
                >
                  {s.lines.map((l) => (
                    <tr key={`${l.platform}|${l.product}`} className="border-b border-slate-100 last:border-0">
                      <td className="px-2 py-2 first:ps-0" dir="ltr">
                        {l.product ?? t('noProduct')}
                      </td>
                      <td className="px-2 py-2">{l.platform}</td>
                      {figures(l)}
                    </tr>
                  ))}
                </DataTable>
              </Card>
              <Card title={t('bySource')}>
                <DataTable caption={t('bySource')} columns={[tr('source'), t('succeeded'), t('sum'), t('failed'), t('rate')]} testId="sales-by-source">
                  {s.sources.map((l) => (
                    <tr key={l.source} className="border-b border-slate-100 last:border-0" data-source={l.source}>
                      <td className="px-2 py-2 first:ps-0">{tr(`sources.${l.source}`)}</td>
                      {figures(l)}
                    </tr>
                  ))}
                </DataTable>
              </Card>
              <Card title={t('byDay')}>
                <DataTable caption={t('byDay')} columns={[t('day'), t('succeeded'), t('sum'), t('failed'), t('rate')]} testId="sales-by-day">
                  {s.days.map((d) => (
                    <tr key={formatJDay(d.day)} className="border-b border-slate-100 last:border-0">
                      <td className="px-2 py-2 first:ps-0">{jday(d.day)}</td>
                      {figures(d)}
                    </tr>
                  ))}
                </DataTable>
              </Card>
            </>
          )}
        </>
      )}
    </div>
  );
}
