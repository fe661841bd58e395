'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { Notice } from '@/components/ui/notice';
import type { Result } from '@/lib/result';
import { buildBatchSchema } from '@/lib/payouts/staff-schemas';

export type ApprovedRow = { id: string; merchant: string; platform: string; amount: string; arrives: string; sheba: string; holder: string };

/** Approved payouts waiting for a batch, all chosen at first; building makes the bank file of those chosen. */
export function BuildBatch({
  rows,
  action,
}: {
  rows: ApprovedRow[];
  action: (input: z.input<typeof buildBatchSchema>) => Promise<Result<{ batchId: string }>>;
}) {
  const t = useTranslations('adminPayouts');
  const router = useRouter();
  const [chosen, setChosen] = useState(() => new Set(rows.map((r) => r.id)));
  const { submit, formError, pending } = useActionForm({
    schema: buildBatchSchema,
    defaultValues: { payoutIds: [] },
    action: (v) => action(v),
    onSuccess: (data) => router.push(`/admin/payouts/batches/${data?.batchId}`),
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  // Only ids still on the list: a payout batched meanwhile by someone else drops out on refresh.
  const ids = rows.map((r) => r.id).filter((id) => chosen.has(id));
  return (
    <form noValidate onSubmit={(e) => void submit('build', { payoutIds: ids })(e)} className="flex flex-col gap-4">
      <DataTable
        caption={t('approvedTitle')}
        columns={[t('choose'), t('merchant'), t('platform'), t('amount'), t('arrives'), t('account')]}
        testId="approved-payouts"
      >
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-slate-100 align-top last:border-0" data-payout={r.id}>
            <td className="px-2 py-2 first:ps-0">
              <input
                type="checkbox"
                className="size-5"
                checked={chosen.has(r.id)}
                onChange={(e) => toggle(r.id, e.target.checked)}
                aria-label={t('chooseFor', { merchant: r.merchant, amount: r.amount })}
              />
            </td>
            <td className="px-2 py-2">{r.merchant}</td>
            <td className="px-2 py-2">{r.platform}</td>
            <td className="whitespace-nowrap px-2 py-2">{r.amount}</td>
            <td className="whitespace-nowrap px-2 py-2">{r.arrives}</td>
            <td className="px-2 py-2">
              <bdi dir="ltr" className="font-mono text-xs">
                {r.sheba}
              </bdi>
              <br />
              {r.holder}
            </td>
          </tr>
        ))}
      </DataTable>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} disabled={ids.length === 0}>
          {t('build', { count: ids.length })}
        </Button>
      </div>
      <Notice tone="error" testId="build-error">
        {formError}
      </Notice>
    </form>
  );
}
