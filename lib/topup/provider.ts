/**
 * One interface for every mobile top-up provider (the upstream that actually charges a line):
 * the REST aggregator (`esaj.ts`), the in-app sandbox (`sandbox.ts`), and later a SOAP one
 * (ToranjSoft-like) behind the same four calls. No I/O here.
 *
 * Every call returns what was sent and what came back (`log`), never a credential, so a top-up
 * order keeps a full attempt log, as payments do.
 */
export const OPERATORS = ['mci', 'irancell', 'rightel', 'shatel', 'aptel', 'samantel', 'telekish', 'taliya'] as const;
export type Operator = (typeof OPERATORS)[number];
/** direct: a top-up of an amount; wonderful / shoorangiz: Irancell's and Rightel's bonus top-ups; pin: a voucher code; package: internet. */
export type ProductKind = 'direct' | 'wonderful' | 'shoorangiz' | 'pin' | 'package';
export type SimType = 'prepaid' | 'postpaid';

export type UpstreamProduct = {
  upstreamId: string;
  operator: Operator;
  kind: ProductKind;
  simType: SimType;
  titleFa: string;
  titleEn: string | null;
  /** Fixed price (packages, PINs, fixed-list amounts) or null when the buyer picks an amount. */
  price: bigint | null;
  /**
   * For amount products: the allowed range and step, or a fixed list of amounts. Rials.
   * Exactly one of the two is set: `amounts` (min/max/step null) or `minAmount`/`maxAmount`
   * (`step` null when any whole Rial in the range is allowed).
   */
  minAmount: bigint | null;
  maxAmount: bigint | null;
  step: bigint | null;
  amounts: bigint[] | null;
  volumeMb: number | null;
  durationDays: number | null;
  /** The provider's discount to us in basis points of the face amount: our margin to share. */
  marginBasisPoints: number;
  active: boolean;
};

export type CallLog = import('@/lib/gateways/types').CallLog;

export type ChargeInput = { orderId: string; mobile: string; operator: Operator; upstreamId: string; amount: bigint; kind: ProductKind };

/** delivered: charged (pin for PIN products); failed: final, with the reason; pending: in progress, ask again; unknown: no trustworthy answer (timeout, 5xx, nonsense). */
export type ChargeAnswer = ChargeOutcome & { log: CallLog };
/** A ChargeAnswer without its log. */
export type ChargeOutcome =
  | { status: 'delivered'; ref: string; pin?: { code: string; serial: string } | null }
  | { status: 'failed'; reason: string }
  | { status: 'pending'; reason: string }
  | { status: 'unknown'; reason: string };

export interface TopupProvider {
  id: 'sandbox' | 'esaj';
  catalogue(): Promise<({ ok: true; products: UpstreamProduct[] } | { ok: false; reason: string }) & { log: CallLog }>;
  /** Idempotent on input.orderId: charging the same order twice charges once (a duplicate answers the first order's state). */
  charge(input: ChargeInput): Promise<ChargeAnswer>;
  /** What became of an order, by our order id; "accepted" is not "charged": only a final answer is final. */
  inquire(input: ChargeInput): Promise<ChargeAnswer>;
  wallet(): Promise<({ ok: true; balance: bigint } | { ok: false; reason: string }) & { log: CallLog }>;
}

export const isOperator = (v: unknown): v is Operator => typeof v === 'string' && (OPERATORS as readonly string[]).includes(v);
