import { normalizeIranMobile } from './operators';
import type { CallLog, ChargeAnswer, ChargeInput, ChargeOutcome, Operator, ProductKind, SimType, TopupProvider, UpstreamProduct } from './provider';

/**
 * The sandbox top-up provider: the upstream behind `npm run dev` and test keys, as the sandbox bank
 * is for payments. No network and no database: the catalogue is fixed, and the outcome of a charge
 * is chosen by the mobile number's last two digits (SANDBOX_TOPUP_RULES), so `inquire` answers from
 * its input alone and asking twice answers the same. Nothing here charges a real line.
 */

export type SandboxTopupOutcome = 'delivered' | 'failed' | 'pending' | 'unknown';

/** The rule the README and the store list: a number ending in `suffix` gets `charge` at once, then `inquire` when asked. */
export const SANDBOX_TOPUP_RULES: readonly { suffix: string | null; charge: SandboxTopupOutcome; inquire: SandboxTopupOutcome; fa: string; en: string }[] = [
  { suffix: '91', charge: 'failed', inquire: 'failed', fa: 'اپراتور شارژ را نپذیرفت', en: 'The operator refused' },
  { suffix: '92', charge: 'pending', inquire: 'delivered', fa: 'در حال انجام؛ با استعلام تحویل می‌شود', en: 'In progress; delivered on inquiry' },
  { suffix: '93', charge: 'unknown', inquire: 'delivered', fa: 'بی‌پاسخ؛ با استعلام تحویل می‌شود', en: 'No answer; delivered on inquiry' },
  { suffix: null, charge: 'delivered', inquire: 'delivered', fa: 'هر شماره دیگر: تحویل فوری', en: 'Any other number: delivered at once' },
];

export const SANDBOX_REFUSED_REASON = 'اپراتور شارژ را نپذیرفت (The operator refused)';
/** The sandbox's wallet never runs out. */
export const SANDBOX_WALLET_BALANCE = 100_000_000_000n;

type Def = Partial<UpstreamProduct> & { upstreamId: string; operator: Operator; kind: ProductKind; titleFa: string; titleEn: string };

const product = (d: Def): UpstreamProduct => ({
  simType: 'prepaid' as SimType,
  price: null,
  minAmount: null,
  maxAmount: null,
  step: null,
  amounts: null,
  volumeMb: null,
  durationDays: null,
  marginBasisPoints: 0,
  active: true,
  ...d,
  titleFa: `${d.titleFa} (آزمایشی)`,
  titleEn: `${d.titleEn} (sandbox)`,
});

const pkg = (operator: Operator, id: string, fa: string, en: string, volumeMb: number, durationDays: number, price: bigint, simType: SimType = 'prepaid') =>
  product({
    upstreamId: `sbx-${operator}-pkg-${id}`,
    operator,
    kind: 'package',
    titleFa: fa,
    titleEn: en,
    volumeMb,
    durationDays,
    price,
    simType,
    marginBasisPoints: 400,
  });

/** The sandbox's catalogue: the families a real provider sells, labelled sandbox, with made-up prices. */
export const SANDBOX_PRODUCTS: readonly UpstreamProduct[] = [
  product({
    upstreamId: 'sbx-mci-direct',
    operator: 'mci',
    kind: 'direct',
    titleFa: 'شارژ مستقیم همراه اول',
    titleEn: 'MCI direct top-up',
    amounts: [21_000n, 50_000n, 100_000n, 200_000n, 500_000n],
    marginBasisPoints: 250,
  }),
  product({
    upstreamId: 'sbx-mci-direct-postpaid',
    operator: 'mci',
    kind: 'direct',
    simType: 'postpaid',
    titleFa: 'پرداخت قبض همراه اول دائمی',
    titleEn: 'MCI postpaid top-up',
    minAmount: 10_000n,
    maxAmount: 5_000_000n,
    step: 1_000n,
    marginBasisPoints: 150,
  }),
  product({
    upstreamId: 'sbx-irancell-direct',
    operator: 'irancell',
    kind: 'direct',
    titleFa: 'شارژ مستقیم ایرانسل - مبلغ دلخواه',
    titleEn: 'Irancell direct top-up, any amount',
    minAmount: 5_000n,
    maxAmount: 2_000_000n,
    step: 1_000n,
    marginBasisPoints: 300,
  }),
  product({
    upstreamId: 'sbx-irancell-wonderful',
    operator: 'irancell',
    kind: 'wonderful',
    titleFa: 'شارژ شگفت‌انگیز ایرانسل',
    titleEn: 'Irancell wonderful top-up',
    amounts: [10_000n, 20_000n, 50_000n, 100_000n, 200_000n],
    marginBasisPoints: 350,
  }),
  product({
    upstreamId: 'sbx-rightel-direct',
    operator: 'rightel',
    kind: 'direct',
    titleFa: 'شارژ مستقیم رایتل',
    titleEn: 'Rightel direct top-up',
    minAmount: 10_000n,
    maxAmount: 1_000_000n,
    step: 10_000n,
    marginBasisPoints: 400,
  }),
  product({
    upstreamId: 'sbx-rightel-shoorangiz',
    operator: 'rightel',
    kind: 'shoorangiz',
    titleFa: 'شارژ شورانگیز رایتل',
    titleEn: 'Rightel shoorangiz top-up',
    amounts: [20_000n, 50_000n, 100_000n, 200_000n, 500_000n, 1_000_000n],
    marginBasisPoints: 450,
  }),
  product({
    upstreamId: 'sbx-mci-pin-100000',
    operator: 'mci',
    kind: 'pin',
    titleFa: 'کارت شارژ همراه اول ۱۰۰٬۰۰۰ ریالی',
    titleEn: 'MCI PIN, 100,000 IRR',
    price: 100_000n,
    marginBasisPoints: 200,
  }),
  product({
    upstreamId: 'sbx-irancell-pin-200000',
    operator: 'irancell',
    kind: 'pin',
    titleFa: 'کارت شارژ ایرانسل ۲۰۰٬۰۰۰ ریالی',
    titleEn: 'Irancell PIN, 200,000 IRR',
    price: 200_000n,
    marginBasisPoints: 200,
  }),
  pkg('mci', '1g-1d', 'بسته اینترنت همراه اول ۱ گیگابایت یک‌روزه', 'MCI 1 GB, 1 day', 1024, 1, 50_000n),
  pkg('mci', '10g-30d', 'بسته اینترنت همراه اول ۱۰ گیگابایت ۳۰ روزه', 'MCI 10 GB, 30 days', 10_240, 30, 650_000n),
  pkg('mci', '50g-90d', 'بسته اینترنت همراه اول ۵۰ گیگابایت ۹۰ روزه', 'MCI 50 GB, 90 days', 51_200, 90, 2_400_000n),
  pkg('mci', '20g-30d-post', 'بسته اینترنت همراه اول دائمی ۲۰ گیگابایت ۳۰ روزه', 'MCI postpaid 20 GB, 30 days', 20_480, 30, 1_100_000n, 'postpaid'),
  pkg('irancell', '500m-1d', 'بسته اینترنت ایرانسل ۵۰۰ مگابایت یک‌روزه', 'Irancell 500 MB, 1 day', 500, 1, 35_000n),
  pkg('irancell', '6g-7d', 'بسته اینترنت ایرانسل ۶ گیگابایت هفتگی', 'Irancell 6 GB, 7 days', 6_144, 7, 300_000n),
  pkg('irancell', '30g-30d', 'بسته اینترنت ایرانسل ۳۰ گیگابایت ۳۰ روزه', 'Irancell 30 GB, 30 days', 30_720, 30, 1_250_000n),
  pkg('rightel', '2g-3d', 'بسته اینترنت رایتل ۲ گیگابایت سه‌روزه', 'Rightel 2 GB, 3 days', 2_048, 3, 90_000n),
  pkg('rightel', '15g-30d', 'بسته اینترنت رایتل ۱۵ گیگابایت ۳۰ روزه', 'Rightel 15 GB, 30 days', 15_360, 30, 700_000n),
  pkg('shatel', '10g-30d', 'بسته اینترنت شاتل موبایل ۱۰ گیگابایت ۳۰ روزه', 'Shatel Mobile 10 GB, 30 days', 10_240, 30, 450_000n),
];

/** The rule row a mobile number falls under. */
export function sandboxRuleOf(mobile: string) {
  const digits = normalizeIranMobile(mobile) ?? mobile;
  return SANDBOX_TOPUP_RULES.find((r) => r.suffix !== null && digits.endsWith(r.suffix)) ?? SANDBOX_TOPUP_RULES[SANDBOX_TOPUP_RULES.length - 1];
}

/** Why an order is not one the sandbox sells, or null when it is. */
function refusal(input: ChargeInput): string | null {
  const p = SANDBOX_PRODUCTS.find((x) => x.upstreamId === input.upstreamId);
  if (!p || !p.active) return 'محصول یافت نشد (Unknown product)';
  if (!normalizeIranMobile(input.mobile)) return 'شماره موبایل نامعتبر است (Invalid mobile)';
  if (p.operator !== input.operator) return 'محصول برای این اپراتور نیست (Product of another operator)';
  if (p.kind !== input.kind) return 'نوع محصول نادرست است (Wrong product kind)';
  const a = input.amount;
  const allowed =
    p.price !== null
      ? a === p.price
      : p.amounts !== null
        ? p.amounts.includes(a)
        : p.minAmount !== null && p.maxAmount !== null && a >= p.minAmount && a <= p.maxAmount && (p.step === null || (a - p.minAmount) % p.step === 0n);
  return allowed ? null : 'مبلغ مجاز نیست (Invalid amount)';
}

/** FNV-1a, 32 bits: a stable fingerprint of an order id, with no Node built-ins (this file may reach a browser bundle through the rule table). */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const digitsOf = (seed: string, n: number) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += String(fnv(`${seed}:${i}`)).padStart(10, '0');
  return out.slice(0, n);
};

function answer(input: ChargeInput, op: 'charge' | 'inquire'): ChargeAnswer {
  const t0 = performance.now();
  const why = refusal(input);
  const outcome: SandboxTopupOutcome = why ? 'failed' : sandboxRuleOf(input.mobile)[op];
  let out: ChargeOutcome;
  if (outcome === 'failed') out = { status: 'failed', reason: why ?? SANDBOX_REFUSED_REASON };
  else if (outcome === 'pending') out = { status: 'pending', reason: 'در حال انجام (In progress)' };
  else if (outcome === 'unknown') out = { status: 'unknown', reason: 'The sandbox provider did not answer (a simulated timeout)' };
  else
    out = {
      status: 'delivered',
      ref: `SBX-${digitsOf(input.orderId, 12)}`,
      pin: input.kind === 'pin' ? { code: digitsOf(`pin:${input.orderId}`, 16), serial: digitsOf(`serial:${input.orderId}`, 10) } : null,
    };
  // The PIN is the product itself: the log keeps only its last four digits.
  const logged = out.status === 'delivered' && out.pin ? { ...out, pin: { code: `************${out.pin.code.slice(-4)}`, serial: out.pin.serial } } : out;
  const log: CallLog = { request: { op, ...input, amount: input.amount.toString() }, response: logged, latencyMs: Math.round(performance.now() - t0) };
  return { ...out, log };
}

export function sandboxProvider(): TopupProvider {
  return {
    id: 'sandbox',
    async catalogue() {
      return {
        ok: true,
        products: SANDBOX_PRODUCTS.map((p) => ({ ...p, amounts: p.amounts ? [...p.amounts] : null })),
        log: { request: { op: 'catalogue' }, response: { count: SANDBOX_PRODUCTS.length }, latencyMs: 0 },
      };
    },
    async charge(input) {
      return answer(input, 'charge');
    },
    async inquire(input) {
      return answer(input, 'inquire');
    },
    async wallet() {
      return {
        ok: true,
        balance: SANDBOX_WALLET_BALANCE,
        log: { request: { op: 'wallet' }, response: { balance: SANDBOX_WALLET_BALANCE.toString() }, latencyMs: 0 },
      };
    },
  };
}
