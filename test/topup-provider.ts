import type { ChargeAnswer, TopupProvider, UpstreamProduct } from '@/lib/topup/provider';

/**
 * The top-up tests' provider, the only one registered as 'esaj' in tests and benchmarks. Every
 * file that syncs it must offer the same catalogue: a sync marks the provider's products it does
 * not list inactive, and the files share one database.
 */

const log = { request: null, response: null, latencyMs: 1 };

/**
 * A provider whose answers the test scripts: the charge's, then each inquiry's; an optional gate
 * holds the charge. `more` products are listed after the shared ones (the bench's 200), never
 * instead of them.
 */
export function scripted(more: UpstreamProduct[] = []) {
  const state = {
    charges: 0,
    /** Our order ids charged, one entry per charge call: what a test counts for its own orders. */
    charged: [] as string[],
    inquiries: 0,
    charge: 'delivered' as ChargeAnswer['status'],
    inquire: [] as ChargeAnswer['status'][],
    gate: null as Promise<void> | null,
    /** Numbers whose charge fails whatever `charge` says (a bulk with one bad row). */
    failing: new Set<string>(),
  };
  const answer = (status: ChargeAnswer['status'], orderId: string): ChargeAnswer =>
    status === 'delivered' ? { status, ref: `ref-${orderId.slice(0, 8)}`, pin: null, log } : { status, reason: `scripted ${status}`, log };
  const catalogue: UpstreamProduct[] = [
    {
      upstreamId: 'mci-direct',
      operator: 'mci',
      kind: 'direct',
      simType: 'prepaid',
      titleFa: 'شارژ مستقیم همراه اول',
      titleEn: 'MCI top-up',
      price: null,
      minAmount: 10_000n,
      maxAmount: 2_000_000n,
      step: 1_000n,
      amounts: null,
      volumeMb: null,
      durationDays: null,
      marginBasisPoints: 400,
      active: true,
    },
    {
      upstreamId: 'ir-wonderful',
      operator: 'irancell',
      kind: 'wonderful',
      simType: 'prepaid',
      titleFa: 'شارژ شگفت‌انگیز ایرانسل',
      titleEn: null,
      price: null,
      minAmount: null,
      maxAmount: null,
      step: null,
      amounts: [10_000n, 20_000n, 50_000n],
      volumeMb: null,
      durationDays: null,
      marginBasisPoints: 500,
      active: true,
    },
    {
      upstreamId: 'mci-pkg-30d-10g',
      operator: 'mci',
      kind: 'package',
      simType: 'prepaid',
      titleFa: 'بسته ۱۰ گیگ ۳۰ روزه همراه اول',
      titleEn: null,
      price: 1_500_000n,
      minAmount: null,
      maxAmount: null,
      step: null,
      amounts: null,
      volumeMb: 10_240,
      durationDays: 30,
      marginBasisPoints: 600,
      active: true,
    },
    {
      upstreamId: 'ir-pkg-30d-5g',
      operator: 'irancell',
      kind: 'package',
      simType: 'prepaid',
      titleFa: 'بسته ۵ گیگ ۳۰ روزه ایرانسل',
      titleEn: null,
      price: 900_000n,
      minAmount: null,
      maxAmount: null,
      step: null,
      amounts: null,
      volumeMb: 5_120,
      durationDays: 30,
      marginBasisPoints: 500,
      active: true,
    },
    ...more,
  ];
  const provider: TopupProvider = {
    id: 'esaj',
    catalogue: async () => ({ ok: true, products: catalogue, log }),
    charge: async (input) => {
      state.charges++;
      state.charged.push(input.orderId);
      if (state.gate) await state.gate;
      return answer(state.failing.has(input.mobile) ? 'failed' : state.charge, input.orderId);
    },
    inquire: async (input) => {
      state.inquiries++;
      return answer(state.inquire.shift() ?? 'delivered', input.orderId);
    },
    wallet: async () => ({ ok: true, balance: 10n ** 12n, log }),
  };
  return { provider, state };
}
