import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, localDigits } from '@/lib/date/format';
import { diffOf, type AuditRow } from '@/lib/audit/list';
import type { Locale } from '@/lib/i18n/config';
import { getAuditLabels } from '@/lib/i18n/labels-server';

/**
 * Audit events as cards, newest first: who (name and mobile, or "support staff" for a merchant
 * reader), what, on what, for which business (staff only), when (Tehran time), and the changed
 * fields as before → after lines.
 */
export async function AuditEventList({
  rows,
  audience,
  testId = 'audit-events',
  showMerchant = audience === 'staff',
}: {
  rows: AuditRow[];
  audience: 'staff' | 'merchant';
  testId?: string;
  /** Staff reading one merchant's history know whose it is. */
  showMerchant?: boolean;
}) {
  const t = await getTranslations('audit');
  const label = await getAuditLabels();
  const locale = (await getLocale()) as Locale;
  const digits = (s: string) => localDigits(s, locale);
  const who = (r: AuditRow) => {
    if (r.actorKind === 'system') return t('system');
    if (r.actorKind === 'api') return t('apiKey');
    if (r.actorKind === 'staff' && audience === 'merchant') return t('supportStaff');
    return r.actorName ?? t('unknownPerson');
  };
  return (
    <ol className="flex flex-col gap-3" data-testid={testId}>
      {rows.map((r) => {
        const lines = diffOf(r.before, r.after);
        return (
          <li
            key={r.id}
            className="rounded-xl border border-slate-200 p-4 text-sm"
            data-testid="audit-event"
            data-action={r.action}
            data-object-id={r.objectId}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <p className="font-semibold text-ink">
                {label.action(r.action)} <span className="font-normal text-muted">·</span> {label.object(r.objectType)}
              </p>
              <p className="text-muted">
                <time dateTime={r.at.toISOString()}>{formatDate(r.at, locale, { time: true, zone: 'Asia/Tehran' })}</time>
              </p>
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-muted">{t('who')}</dt>
              <dd className="min-w-0 break-words" data-testid="audit-who">
                <bdi>{who(r)}</bdi>
                {r.actorMobile && (
                  <>
                    {' '}
                    <bdi dir="ltr" className="text-muted">
                      {digits(r.actorMobile)}
                    </bdi>
                  </>
                )}{' '}
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{label.kind(r.actorKind)}</span>
                {audience === 'staff' && r.ip && (
                  <span className="ms-2 text-xs text-muted">
                    <bdi>{t('from_ip', { ip: r.ip })}</bdi>
                  </span>
                )}
              </dd>
              {showMerchant && r.merchantId && (
                <>
                  <dt className="text-muted">{t('forMerchant')}</dt>
                  <dd className="min-w-0 break-words">
                    <a className="font-medium text-brand-700 hover:underline" href={`/admin/merchants/${r.merchantId}`}>
                      <bdi>{r.merchantName ?? r.merchantId}</bdi>
                    </a>
                    {r.merchantMobile && (
                      <>
                        {' '}
                        <bdi dir="ltr" className="text-muted">
                          {digits(r.merchantMobile)}
                        </bdi>
                      </>
                    )}
                  </dd>
                </>
              )}
              <dt className="text-muted">{t('on')}</dt>
              <dd className="min-w-0 break-all">
                <bdi dir="ltr" className="font-mono text-xs">
                  {r.objectId}
                </bdi>
              </dd>
            </dl>
            {lines.length > 0 && (
              <table className="mt-3 w-full table-fixed border-collapse text-xs">
                <caption className="sr-only">{t('changes')}</caption>
                <thead>
                  <tr className="text-start text-muted">
                    <th scope="col" className="w-1/4 py-1 text-start font-medium">
                      {t('field')}
                    </th>
                    <th scope="col" className="py-1 text-start font-medium">
                      {t('before')}
                    </th>
                    <th scope="col" className="py-1 text-start font-medium">
                      {t('after')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr key={l.key} className="border-t border-slate-100 align-top">
                      <th scope="row" className="py-1 pe-2 text-start font-normal">
                        <bdi dir="ltr" className="break-all font-mono">
                          {l.key}
                        </bdi>
                      </th>
                      <td className="py-1 pe-2">
                        {l.before !== null && (
                          <del className="break-all bg-red-50 text-red-800 no-underline">
                            <bdi dir="auto">{l.before}</bdi>
                          </del>
                        )}
                      </td>
                      <td className="py-1">
                        {l.after !== null && (
                          <ins className="break-all bg-emerald-50 text-emerald-800 no-underline">
                            <bdi dir="auto">{l.after}</bdi>
                          </ins>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        );
      })}
    </ol>
  );
}
