import { getLocale, getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { ComposeForm } from '@/components/messages/compose-form';
import { previewBroadcastAction, sendBroadcastAction } from './actions';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import { PROVINCES } from '@/lib/geo/provinces';
import type { Locale } from '@/lib/i18n/config';
import { listBroadcasts, type BroadcastTarget } from '@/lib/messages';
import { listServices } from '@/lib/services';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminMessages', 'title');

/** Staff messaging: compose with a preview, and what was sent with how many read it. */
export default async function AdminMessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('messages');
  const sp = await searchParams;
  const page = Math.min(Math.max(1, Math.floor(Number(sp.page)) || 1), 10_000);
  const t = await getTranslations('adminMessages');
  const tc = await getTranslations('linkReport');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const [services, { rows, total }] = await Promise.all([listServices(db), listBroadcasts(db, actor, page)]);
  const serviceName = new Map(services.map((s) => [s.id, locale === 'fa' ? s.nameFa : s.nameEn]));
  const targetText = (tg: BroadcastTarget) => {
    switch (tg.kind) {
      case 'all':
        return t('targets.all');
      case 'merchant':
        return t('targets.merchant');
      case 'service':
        return `${t('fields.service')}: ${serviceName.get(tg.serviceId) ?? tg.serviceId}`;
      case 'kyc':
        return `${t('fields.kycStatus')}: ${t(`kycStates.${tg.status}`)}`;
      case 'province': {
        const p = PROVINCES.find((x) => x.fa === tg.province);
        return `${t('fields.province')}: ${locale === 'fa' ? tg.province : (p?.en ?? tg.province)}`;
      }
    }
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <StaffWrite may={canStaff(actor, 'messages', 'write')}>
        <Card title={t('compose')}>
          <ComposeForm
            services={services.map((s) => ({ id: s.id, name: locale === 'fa' ? s.nameFa : s.nameEn }))}
            provinces={PROVINCES.map((p) => ({ value: p.fa, label: locale === 'fa' ? p.fa : p.en }))}
            actions={{ preview: previewBroadcastAction, send: sendBroadcastAction }}
          />
        </Card>
      </StaffWrite>
      <Card title={t('history')}>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <DataTable
            testId="broadcasts"
            caption={t('history')}
            columns={[t('columns.title'), t('columns.target'), t('columns.state'), t('columns.read'), t('columns.author'), t('columns.sentAt')]}
          >
            {rows.map((b) => (
              <tr key={b.id} className="border-b border-slate-100 align-top" data-testid="broadcast-row">
                <td className="px-2 py-2 ps-0 font-semibold">
                  <bdi>{b.title}</bdi>
                  {b.sms ? <span className="ms-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{t('withSms')}</span> : null}
                </td>
                <td className="px-2 py-2">{targetText(b.target)}</td>
                <td className="px-2 py-2" data-testid="broadcast-state">
                  {t(`states.${b.state}`)}
                </td>
                <td className="px-2 py-2" data-testid="broadcast-read">
                  {t('readRate', { read: localDigits(b.read, locale), recipients: localDigits(b.recipients, locale) })}
                </td>
                <td className="px-2 py-2">{b.author ? <bdi>{b.author}</bdi> : '—'}</td>
                <td className="px-2 py-2">{formatDate(b.sentAt ?? b.createdAt, locale, { time: true })}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination
          label={t('history')}
          prev={page > 1 ? `/admin/messages?page=${page - 1}` : undefined}
          next={page * 20 < total ? `/admin/messages?page=${page + 1}` : undefined}
          prevLabel={tc('prev')}
          nextLabel={tc('next')}
        />
      </Card>
    </div>
  );
}
