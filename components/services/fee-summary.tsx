import { getTranslations } from 'next-intl/server';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/config';
import { computeFee } from '@/lib/ledger';
import { formatMoney } from '@/lib/money';
import type { FeeView } from '@/lib/services/fees';

/** An example payment to show the fee on: a million Rials, or a thousand lira. */
const EXAMPLE = { IRR: 1_000_000n, TRY: 100_000n } as const;

/**
 * The fee staff set for a service, in words the merchant decides on: the rule (percent, fixed part,
 * floor and cap) and what it takes from an example payment, computed by the ledger's own rule.
 */
export async function FeeSummary({ fee, locale, example = true, testId }: { fee: FeeView | null; locale: Locale; example?: boolean; testId?: string }) {
  const t = await getTranslations('services.fee');
  if (!fee || (fee.percentBasisPoints === 0 && fee.fixed === 0n && fee.min === 0n)) {
    return (
      <div className="text-sm" data-testid={testId}>
        <p>{t('none')}</p>
      </div>
    );
  }
  const money = (v: bigint) => formatMoney(v, fee.currency, locale);
  const percent = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 }).format(fee.percentBasisPoints / 100);
  // No percent and no fixed part: every payment pays the floor.
  const flat = !fee.percentBasisPoints && !fee.fixed;
  const main = flat
    ? t('fixed', { amount: money(fee.min) })
    : fee.percentBasisPoints && fee.fixed
      ? t('percentAndFixed', { percent, amount: money(fee.fixed) })
      : fee.percentBasisPoints
        ? t('percent', { percent })
        : t('fixed', { amount: money(fee.fixed) });
  const bounds = flat
    ? []
    : [fee.min > 0n ? t('min', { amount: money(fee.min) }) : null, fee.max !== null ? t('max', { amount: money(fee.max) }) : null].filter(Boolean);
  const sep = locale === 'fa' ? '، ' : ', ';
  const amount = EXAMPLE[fee.currency];
  const charged = computeFee(amount, { percentBasisPoints: fee.percentBasisPoints, fixed: fee.fixed, min: fee.min, max: fee.max });
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid={testId}>
      <p className="font-medium">{[main, ...bounds].join(sep)}</p>
      {example && <p className="text-xs text-muted">{t('example', { amount: money(amount), fee: money(charged), net: money(amount - charged) })}</p>}
    </div>
  );
}
