import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';

/**
 * The pay form's words that carry a value (the unit, the range, the amount on the button), put
 * together on the server. In the browser any message with an argument builds an ICU formatter,
 * and the first one asks the browser which locales it supports: a single task of 50–100 ms on a
 * busy machine (four times that on Lighthouse's phone) while the page hydrates, the payer's
 * page's largest blocking task. The button's words come as the text before and after the
 * amount, which the form fills in as the payer types.
 */
export type PayFormText = {
  amountLabel: string;
  /** "From … to …", or that the amount is fixed; none when min and max are the same. */
  amountHint?: string;
  payNow: readonly [before: string, after: string];
};

type Options = { unit: DisplayUnit; min: bigint; max: bigint; lockedAmount: boolean };
type Translate = (key: string, values?: Record<string, string>) => string;

/** A character no message holds, where the amount goes. */
const SLOT = '\uE000';

/** The words, with the `pay` namespace's translator (`payFormText` on a page; the test with each catalogue). */
export function payFormWords(t: Translate, locale: Locale, opts: Options): PayFormText {
  const fmt = (rials: bigint) => formatAmount(rials, locale, opts.unit);
  const [before, after = ''] = t('payNow', { amount: SLOT }).split(SLOT);
  return {
    amountLabel: t('amount', { unit: t(`unit.${opts.unit}`) }),
    amountHint: opts.lockedAmount ? t('lockedAmount') : opts.min === opts.max ? undefined : t('amountRange', { min: fmt(opts.min), max: fmt(opts.max) }),
    payNow: [before, after],
  };
}

export async function payFormText(opts: Options): Promise<PayFormText> {
  const t = await getTranslations('pay');
  return payFormWords(t as unknown as Translate, (await getLocale()) as Locale, opts);
}
