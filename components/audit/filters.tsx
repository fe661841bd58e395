import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import type { AuditQuery } from '@/lib/audit/list';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '@/lib/i18n/labels';
import { getAuditLabels } from '@/lib/i18n/labels-server';

type Errors = { from?: string; to?: string; actor?: string; merchant?: string };

/**
 * The trail's filters as a plain GET form (a filtered trail can be bookmarked and exported as
 * shown): who and for which business (staff only), kind of object, object id, action, and a day
 * range in the reader's calendar.
 */
export async function AuditFilters({ action, query, errors, audience }: { action: string; query: AuditQuery; errors: Errors; audience: 'staff' | 'merchant' }) {
  const t = await getTranslations('audit');
  const te = await getTranslations('errors');
  const label = await getAuditLabels();
  const filtered = Object.entries(query).some(([k, v]) => k !== 'before' && v);
  const byLabel = (codes: readonly string[], of: (c: string) => string) =>
    codes.map((c) => ({ value: c, label: of(c) })).sort((a, b) => a.label.localeCompare(b.label));
  const err = (k: keyof Errors) => {
    const code = errors[k];
    return code ? (code === 'auditWho' ? t('auditWho') : te(code)) : undefined;
  };
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={t('filters')}
      className="mb-4 grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-4"
      data-testid="audit-filters"
    >
      {audience === 'staff' && (
        <>
          <Field name="actor" label={t('actor')} defaultValue={query.actor ?? ''} error={err('actor')} dir="ltr" autoComplete="off" />
          <Field name="merchant" label={t('merchant')} defaultValue={query.merchant ?? ''} error={err('merchant')} dir="ltr" autoComplete="off" />
        </>
      )}
      <SelectField
        name="objectType"
        label={t('objectType')}
        defaultValue={query.objectType ?? ''}
        emptyLabel={t('allTypes')}
        options={byLabel(AUDIT_OBJECT_TYPES, label.object)}
      />
      <Field name="objectId" label={t('objectId')} defaultValue={query.objectId ?? ''} dir="ltr" autoComplete="off" />
      <SelectField
        name="action"
        label={t('action')}
        defaultValue={query.action ?? ''}
        emptyLabel={t('allActions')}
        options={byLabel(AUDIT_ACTIONS, label.action)}
      />
      <Field name="from" label={t('from')} defaultValue={query.from ?? ''} placeholder={t('dateHint')} error={err('from')} digits autoComplete="off" />
      <Field name="to" label={t('to')} defaultValue={query.to ?? ''} placeholder={t('dateHint')} error={err('to')} digits autoComplete="off" />
      <div className="flex flex-wrap items-center gap-3 pb-0.5">
        <Button type="submit" data-testid="apply-filters">
          {t('filter')}
        </Button>
        {filtered && (
          <Link href={action} className="text-sm font-medium text-brand-700 hover:underline">
            {t('clear')}
          </Link>
        )}
      </div>
    </form>
  );
}

/** The trail's query string, with the keyset cursor when there is one. */
export function auditHref(path: string, query: AuditQuery, before?: string | null): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v && k !== 'before') q.set(k, v);
  if (before) q.set('before', before);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
