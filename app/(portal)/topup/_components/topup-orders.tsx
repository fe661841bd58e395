import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/ui/data-table';

export type OrderRow = {
  id: string;
  paymentId: string;
  platform: string;
  mobile: string;
  operator: string;
  product: string;
  amount: string;
  state: string;
  commission: string;
  time: string;
  test: boolean;
};

const STATE_TONE: Record<string, string> = {
  delivered: 'bg-emerald-50 text-emerald-900 border-emerald-300',
  failed: 'bg-red-50 text-red-800 border-red-300',
  canceled: 'bg-slate-50 text-slate-700 border-slate-300',
};

/** The latest top-up orders: a table from `md` up, cards below (a phone cannot scroll nine columns). */
export async function TopupOrders({ rows }: { rows: OrderRow[] }) {
  const t = await getTranslations('topup');
  if (!rows.length) return <p className="text-sm text-muted">{t('orders.none')}</p>;
  const state = (r: OrderRow) => (
    <span
      className={`inline-block rounded-full border px-2 py-0.5 text-xs font-semibold ${STATE_TONE[r.state] ?? 'bg-amber-50 text-amber-900 border-amber-300'}`}
    >
      {t(`states.${r.state}` as 'states.delivered')}
    </span>
  );
  const payment = (r: OrderRow) => (
    <Link href={`/reports/transactions/${r.paymentId}`} className="font-medium text-brand-700 underline">
      {t('orders.payment')}
    </Link>
  );
  return (
    <>
      <div className="hidden md:block">
        <DataTable
          caption={t('orders.title')}
          columns={[
            t('orders.time'),
            t('orders.mobile'),
            t('orders.operator'),
            t('orders.product'),
            t('orders.amount'),
            t('orders.state'),
            t('orders.commission'),
            '',
          ]}
          testId="topup-orders"
        >
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-top last:border-0" data-order={r.id}>
              <td className="whitespace-nowrap px-2 py-2 first:ps-0">
                {r.time}
                {r.test && <span className="block text-xs text-amber-800">{t('orders.test')}</span>}
              </td>
              <td className="px-2 py-2">
                <bdi dir="ltr">{r.mobile}</bdi>
              </td>
              <td className="px-2 py-2">{r.operator}</td>
              <td className="px-2 py-2">
                {r.product}
                <span className="block text-xs text-muted">{r.platform}</span>
              </td>
              <td className="whitespace-nowrap px-2 py-2">{r.amount}</td>
              <td className="px-2 py-2">{state(r)}</td>
              <td className="whitespace-nowrap px-2 py-2">{r.commission}</td>
              <td className="px-2 py-2">{payment(r)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <ul className="flex flex-col gap-3 md:hidden" data-testid="topup-order-cards">
        {rows.map((r) => (
          <li key={r.id} className="rounded-xl border border-slate-200 p-3 text-sm">
            <div className="flex items-start justify-between gap-2">
              <p className="font-semibold">{r.product}</p>
              {state(r)}
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-muted">{t('orders.mobile')}</dt>
              <dd>
                <bdi dir="ltr">{r.mobile}</bdi> · {r.operator}
              </dd>
              <dt className="text-muted">{t('orders.amount')}</dt>
              <dd>{r.amount}</dd>
              <dt className="text-muted">{t('orders.commission')}</dt>
              <dd>{r.commission}</dd>
              <dt className="text-muted">{t('orders.time')}</dt>
              <dd>
                {r.time}
                {r.test && <span className="ms-2 text-xs text-amber-800">{t('orders.test')}</span>}
              </dd>
            </dl>
            <p className="mt-2">
              {r.platform} · {payment(r)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
