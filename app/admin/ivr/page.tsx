import { getLocale, getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { InvoiceList } from '@/app/(portal)/ivr/_components/invoice-list';
import { beforeParam, guessing, pageOf } from '@/components/ivr/paging';
import { RailSwitch } from '@/app/admin/ivr/_components/rail-switch';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { localDigits, toPersianDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { getIvrSettings, IVR_PAGE_SIZE, listIvrInvoices, listIvrPlatforms, lookupStats } from '@/lib/ivr';
import { formatPercent } from '@/lib/i18n/numbers';

export const generateMetadata = titled('adminIvr', 'title');

const CODES = [0, 1, 2, 3, 4, 5] as const;

/** Staff's view of phone payments: each IVR platform's look-up answers over 24 hours and its rail, then every merchant's invoices. */
export default async function AdminIvrPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('ivr');
  const sp = await searchParams;
  const t = await getTranslations('adminIvr');
  const ti = await getTranslations('ivr');
  const ts = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const before = beforeParam(sp.before);
  const now = new Date();
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [platforms, stats, list] = await Promise.all([
    listIvrPlatforms(db, actor),
    lookupStats(db, actor, since),
    listIvrInvoices(db, actor, { before, limit: IVR_PAGE_SIZE + 1 }),
  ]);
  const settings = await Promise.all(platforms.map((p) => getIvrSettings(db, actor, p.id)));
  const { rows, older } = pageOf(list);
  const statOf = (id: string | null) => stats.find((s) => s.platformId === id);
  const stray = statOf(null);
  const pct = (n: number, of: number) => {
    const p = of ? Math.round((n / of) * 100) : 0;
    return locale === 'tr' ? formatPercent(p, locale) : locale === 'fa' ? `${toPersianDigits(p)}٪` : `${p}%`;
  };
  // The platforms with the most code-5 answers first, as lookupStats orders them.
  const order = (id: string) => {
    const i = stats.findIndex((s) => s.platformId === id);
    return i < 0 ? stats.length : i;
  };
  const cards = platforms
    .map((p, i) => ({ platform: p, settings: settings[i], stat: statOf(p.id) }))
    .sort((a, b) => order(a.platform.id) - order(b.platform.id));

  const codeChips = (codes: Record<number, number>, total: number) => (
    <ul className="mt-2 flex flex-wrap gap-1.5 text-xs" aria-label={t('answers')}>
      {CODES.map((c) => (
        <li
          key={c}
          className={`rounded-full px-2 py-0.5 ring-1 ring-inset ${c === 0 ? 'bg-emerald-50 text-emerald-900 ring-emerald-200' : c === 5 ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-slate-50 text-slate-700 ring-slate-200'}`}
          data-code={c}
        >
          {t('codeCount', { code: localDigits(c, locale), label: t(`codes.${c}`), n: localDigits(codes[c] ?? 0, locale) })}
        </li>
      ))}
      <li className="px-1 py-0.5 text-muted">{t('total', { n: localDigits(total, locale) })}</li>
    </ul>
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card title={t('platformsTitle')}>
        {cards.length === 0 ? (
          <p className="text-sm text-muted">{t('noPlatforms')}</p>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2" data-testid="ivr-platforms">
            {cards.map(({ platform: p, settings: s, stat }) => {
              const total = stat?.total ?? 0;
              const codes = stat?.codes ?? {};
              const alarm = guessing(codes, total);
              return (
                <li
                  key={p.id}
                  className={`rounded-xl border p-4 text-sm ${alarm ? 'border-red-400 bg-red-50/40' : 'border-slate-200'}`}
                  data-testid="ivr-platform"
                  data-alarm={alarm || undefined}
                >
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div>
                      <p className="font-semibold">{p.name}</p>
                      <p className="text-xs text-muted">
                        <bdi dir="ltr">{localDigits(p.address, locale)}</bdi> · {ts(`platformStatus.${p.status}`)}
                        {s && (
                          <>
                            {' · '}
                            {t('merchantNumber')} <bdi dir="ltr">{localDigits(s.merchantNumber, locale)}</bdi>
                          </>
                        )}
                      </p>
                    </div>
                    {s && (
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs" data-testid="rail" data-rail={s.rail}>
                        {ti(`rails.${s.rail}`)}
                      </span>
                    )}
                  </div>
                  {alarm && (
                    <p className="mt-2 font-semibold text-red-800" role="status" data-testid="guessing">
                      {t('guessing', { share: pct(codes[5] ?? 0, total) })}
                    </p>
                  )}
                  <p className="mt-2 text-xs text-muted">{t('last24h')}</p>
                  {codeChips(codes, total)}
                  {s && canStaff(actor, 'ivr', 'write') && (
                    <div className="mt-3">
                      <RailSwitch platformId={p.id} name={p.name} rail={s.rail} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {stray && (
          <div className="mt-4 rounded-xl border border-slate-200 p-4 text-sm" data-testid="stray-lookups">
            <p className="font-semibold">{t('stray')}</p>
            <p className="text-xs text-muted">{t('strayHint')}</p>
            {codeChips(stray.codes, stray.total)}
          </div>
        )}
      </Card>
      <Card title={t('invoicesTitle')}>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{before ? ti('noOlder') : t('noInvoices')}</p>
        ) : (
          <InvoiceList rows={rows} showPlatform paymentHref={(id) => `/admin/reports/transactions/${id}`} />
        )}
        <Pagination
          label={ti('pagination')}
          prev={before ? '/admin/ivr' : undefined}
          next={older ? `/admin/ivr?before=${encodeURIComponent(older)}` : undefined}
          prevLabel={ti('newest')}
          nextLabel={ti('older')}
        />
      </Card>
    </div>
  );
}
