import { getLocale, getTranslations } from 'next-intl/server';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import type { SplitItem } from '@/lib/split';

/** Item lines as a compact list: "description × quantity — line total", the product id under it. */
export async function SplitItems({ items, testId }: { items: SplitItem[]; testId?: string }) {
  const t = await getTranslations('split.detail');
  const locale = (await getLocale()) as Locale;
  if (items.length === 0) return <p className="text-sm text-muted">{t('noItems')}</p>;
  return (
    <ul className="flex flex-col gap-1.5 text-sm" data-testid={testId}>
      {items.map((it, i) => {
        const total = BigInt(it.unitPrice) * BigInt(it.quantity) - BigInt(it.discount);
        return (
          <li key={i} className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span>
              <bdi>{it.description}</bdi>
              {it.quantity > 1 && <span className="text-muted"> × {localDigits(it.quantity, locale)}</span>}
              {it.productId && (
                <span className="ms-2 text-xs text-muted">
                  {t('product')}: <bdi dir="ltr">{it.productId}</bdi>
                </span>
              )}
            </span>
            <span className="font-medium">
              {formatAmount(total, locale)}
              {BigInt(it.discount) > 0n && (
                <span className="ms-1 text-xs text-muted">({t('discount', { amount: formatAmount(BigInt(it.discount), locale) })})</span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
