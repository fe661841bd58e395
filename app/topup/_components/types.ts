import type { Locale } from '@/lib/i18n/config';
import type { TopupProduct } from '@/lib/topup';
import type { Operator } from '@/lib/topup/provider';

/** A catalogue product as the store's browser code sees it (amounts as strings: bigint does not cross to the client). */
export type StoreProduct = {
  id: string;
  operator: Operator;
  kind: 'direct' | 'wonderful' | 'shoorangiz' | 'pin' | 'package';
  simType: 'prepaid' | 'postpaid';
  title: string;
  price: string | null;
  minAmount: string | null;
  maxAmount: string | null;
  step: string | null;
  amounts: string[] | null;
  volumeMb: number | null;
  durationDays: number | null;
};

export function storeProductOf(p: TopupProduct, locale: Locale): StoreProduct {
  return {
    id: p.id,
    operator: p.operator,
    kind: p.kind,
    simType: p.simType,
    title: locale !== 'fa' && p.titleEn ? p.titleEn : p.titleFa,
    price: p.price?.toString() ?? null,
    minAmount: p.minAmount?.toString() ?? null,
    maxAmount: p.maxAmount?.toString() ?? null,
    step: p.step?.toString() ?? null,
    amounts: p.amounts ?? null,
    volumeMb: p.volumeMb,
    durationDays: p.durationDays,
  };
}
