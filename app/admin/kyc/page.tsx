import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { toGregorian } from 'jalaali-js';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { kycCounts, listKycQueue } from '@/lib/kyc/admin';
import { normalizeJalaliDate, PERSON_KINDS } from '@/lib/validation/kyc';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { titled } from '@/lib/i18n/metadata';

const PAGE = 25;
const STATUSES = ['submitted', 'rejected', 'approved', 'draft'] as const;

export const generateMetadata = titled('adminKyc', 'title');

/** Midnight in Tehran (UTC+3:30) of a Jalali day, as an instant. */
function tehranMidnight(jalali: string, plusDays = 0): Date {
  const [jy, jm, jd] = jalali.split('/').map(Number);
  const g = toGregorian(jy, jm, jd);
  return new Date(Date.UTC(g.gy, g.gm - 1, g.gd + plusDays) - 3.5 * 3600_000);
}

export default async function KycQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('kyc');
  const t = await getTranslations('adminKyc');
  const tk = await getTranslations('kyc');
  const locale = (await getLocale()) as Locale;
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status) ?? (sp.status === 'all' ? undefined : 'submitted');
  const kind = PERSON_KINDS.find((k) => k === sp.kind);
  const from = sp.from ? normalizeJalaliDate(sp.from) : null;
  const to = sp.to ? normalizeJalaliDate(sp.to) : null;
  const page = Math.max(1, Math.min(1000, Number.parseInt(sp.page ?? '1', 10) || 1));
  const db = getDb();
  const [counts, rows] = await Promise.all([
    kycCounts(db, actor),
    listKycQueue(db, actor, {
      status,
      kind,
      search: sp.q,
      submittedFrom: from ? tehranMidnight(from) : undefined,
      submittedBefore: to ? tehranMidnight(to, 1) : undefined,
      limit: PAGE + 1,
      offset: (page - 1) * PAGE,
    }),
  ]);
  const link = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: status ?? 'all', kind, q: sp.q, from: sp.from, to: sp.to, ...over })) if (v) q.set(k, v);
    return `/admin/kyc?${q}`;
  };
  const input = 'min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm';
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      {/* Arrived from "approve and open the next" with nothing left to open. */}
      <Notice tone="success" testId="decision-note">
        {sp.approved === '1' ? t('approvedQueueEmpty') : null}
      </Notice>
      <nav aria-label={t('byStatus')} className="flex flex-wrap gap-2">
        {[...STATUSES, 'all' as const].map((s) => {
          const active = (s === 'all' && !status) || s === status;
          return (
            <Link
              key={s}
              href={link({ status: s, page: undefined })}
              aria-current={active ? 'page' : undefined}
              className={`rounded-full border px-4 py-1.5 text-sm ${active ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-ink hover:bg-slate-50'}`}
            >
              {s === 'all' ? t('all') : tk(`status.${s}`)} {s !== 'all' && <span data-testid={`count-${s}`}>({localDigits(counts[s], locale)})</span>}
            </Link>
          );
        })}
      </nav>
      <form method="get" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end">
        <input type="hidden" name="status" value={status ?? 'all'} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('search')}
          <input name="q" defaultValue={sp.q ?? ''} className={input} placeholder={t('searchHint')} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('kind')}
          <select name="kind" defaultValue={kind ?? ''} className={input}>
            <option value="">{t('all')}</option>
            {PERSON_KINDS.map((k) => (
              <option key={k} value={k}>
                {tk(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('from')}
          <input name="from" defaultValue={sp.from ?? ''} className={input} dir="ltr" placeholder="1405/09/01" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('to')}
          <input name="to" defaultValue={sp.to ?? ''} className={input} dir="ltr" placeholder="1405/09/30" />
        </label>
        <Button type="submit">{t('filter')}</Button>
      </form>
      {((sp.from && !from) || (sp.to && !to)) && <p className="text-sm text-red-700">{t('badDate')}</p>}
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <DataTable caption={t('title')} columns={[t('name'), t('kind'), t('mobile'), t('submitted'), t('state')]}>
            {rows.slice(0, PAGE).map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0">
                <td className="py-2.5">
                  <Link href={`/admin/kyc/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    {r.kind === 'legal' ? (
                      r.identity.companyName || r.userName
                    ) : r.kind === 'turkish_company' ? (
                      <bdi>{r.identity.tradeName || r.userName}</bdi>
                    ) : (
                      [r.identity.firstName, r.identity.lastName].filter(Boolean).join(' ') || r.userName
                    )}
                  </Link>
                </td>
                <td className="py-2.5">{tk(`kinds.${r.kind}`)}</td>
                <td className="py-2.5">
                  <bdi dir="ltr">{localDigits(r.mobile, locale)}</bdi>
                </td>
                <td className="py-2.5">{r.submittedAt ? formatDate(r.submittedAt, locale, { time: true }) : '—'}</td>
                <td className="py-2.5">{tk(`status.${r.status}`)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination
          label={t('pages')}
          prev={page > 1 ? link({ page: String(page - 1) }) : undefined}
          next={rows.length > PAGE ? link({ page: String(page + 1) }) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </div>
  );
}
