/**
 * One interface for every gateway. Each call returns what was sent and what came back, so that
 * the payment keeps a full attempt log (approved and declined alike).
 */
/** The gateways a payer can pick online. */
export type GatewayId = 'sandbox' | 'paystar';
/**
 * Every rail a payment can run on: the online gateways, PayStar's phone (IVR) rail, and POD (split
 * invoices paid on POD's page; payers never pick it, the split-invoice domain sends them), and N Kolay
 * (lira payments of the virtual POS, each with the POS definition it names).
 */
export type RailId = GatewayId | 'paystar-ivr' | 'pod' | 'nkolay';

export type CallLog = { request: unknown; response: unknown; latencyMs: number };

export type StartInput = {
  /** Our reference sent to the gateway as its order id: the payment's tracking code. */
  orderId: string;
  amount: bigint;
  callbackUrl: string;
  mobile?: string | null;
  name?: string | null;
  description?: string | null;
};

/** `token` is what the gateway's callback names the session by; `pageUrl` is where the payer pays (GET). */
export type StartResult = ({ ok: true; token: string; pageUrl: string } | { ok: false; reason: string }) & { log: CallLog };

/**
 * What the bank says about a payment, asked server to server:
 * - `paid`: money taken; the caller still checks the amount and reference against its own;
 * - `declined`: the bank refused or the payer canceled, with the bank's reason;
 * - `pending`: the bank has not seen the payer finish (a callback that says otherwise is forged);
 * - `unknown`: no trustworthy answer (timeout, network, a 5xx): ask again later.
 */
export type BankAnswer =
  | { status: 'paid'; amount: bigint; ref: string; cardMasked: string | null }
  | { status: 'declined'; reason: string }
  | { status: 'pending' }
  | { status: 'unknown'; reason: string };

export type VerifyInput = {
  token: string;
  amount: bigint;
  /** The callback's parameters, as received; some gateways need them to sign the verify. */
  callback: Record<string, string>;
};

/**
 * What the bank says about a refund (a reversal of a paid session, in full or in part):
 * - `done`: the money is on its way back to the card, with the bank's reference;
 * - `declined`: the bank will not refund it (the refund goes to the payer's account instead);
 * - `unknown`: no trustworthy answer: ask again by the refund's id later.
 */
export type RefundAnswer = { status: 'done'; ref: string } | { status: 'declined'; reason: string } | { status: 'unknown'; reason: string };

export type RefundInput = {
  /** Our refund id: the bank's refund is idempotent on it, so asking twice refunds once. */
  refundId: string;
  /** The paid session's token and the bank's reference of the payment. */
  token: string;
  paymentRef: string | null;
  amount: bigint;
};

export interface Gateway {
  id: RailId;
  start(input: StartInput): Promise<StartResult>;
  /** The token a callback names, to find its payment; never trusted for anything else. */
  tokenOfCallback(params: Record<string, string>): string | null;
  /** What of a callback the verify needs, kept on the payment so the janitor can inquire later. */
  verifyParams(params: Record<string, string>): Record<string, string>;
  verify(input: VerifyInput): Promise<BankAnswer & { log: CallLog }>;
  /** Asked by the janitor for payments left `unknown` or never finished. */
  inquire(input: VerifyInput): Promise<BankAnswer & { log: CallLog }>;
  /** The gateway's own refund, where it has one; without it refunds go out as refund payouts. */
  refund?(input: RefundInput): Promise<RefundAnswer & { log: CallLog }>;
  /** Asks what became of a refund that got no answer. */
  inquireRefund?(input: RefundInput): Promise<RefundAnswer & { log: CallLog }>;
}

/** Only the first six and last four digits of a card are ever kept. */
export function maskCard(card: string | null | undefined): string | null {
  if (!card) return null;
  const digits = card.replace(/\D/g, '');
  const m = /^(\d{6})\d*(\d{4})$/.exec(digits);
  if (m && digits.length >= 12) return `${m[1]}******${m[2]}`;
  // Gateways that already mask send e.g. 603799******0004 or 6037-99**-****-0004.
  const masked = /^(\d{6})[\d*]*(\d{4})$/.exec(card.replace(/[-\s]/g, ''));
  return masked ? `${masked[1]}******${masked[2]}` : null;
}
