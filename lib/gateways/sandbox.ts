import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db';
import { sandboxBankRefunds, sandboxBankSessions } from '@/db/schema';
import { err, ok, type Result } from '@/lib/result';
import type { BankAnswer, CallLog, Gateway, RefundAnswer, RefundInput, StartInput, StartResult, VerifyInput } from './types';
import { maskCard } from './types';
import { SANDBOX_CARD, type SandboxBehaviour } from './sandbox-cards';

/**
 * The sandbox bank: a fake bank inside the app with its own book (`sandbox_bank_sessions`),
 * used by test keys and by `npm run dev`. Test cards pick the outcome.
 */
export { SANDBOX_CARD, type SandboxBehaviour } from './sandbox-cards';
/** Card number → what the bank does with it (the bank page lists them in this order). */
export const SANDBOX_CARDS: Readonly<Record<string, SandboxBehaviour>> = Object.fromEntries(
  Object.entries(SANDBOX_CARD).map(([behaviour, card]) => [card, behaviour as SandboxBehaviour]),
);

/** The shape of the sandbox bank's session tokens. */
export const SANDBOX_TOKEN_RE = /^sbx_[0-9a-f]{24}$/;

export const SANDBOX_REASONS: Record<'insufficient' | 'lost' | 'canceled', string> = {
  insufficient: 'موجودی کافی نیست (Insufficient balance)',
  lost: 'کارت مفقودی است (Lost card)',
  canceled: 'پرداخت‌کننده انصراف داد (Canceled by the payer)',
};

export function behaviourOf(card: string): SandboxBehaviour | null {
  return Object.hasOwn(SANDBOX_CARDS, card) ? SANDBOX_CARDS[card] : null;
}

type BankDb = () => DbOrTx;

export function sandboxGateway(db: BankDb = getDb): Gateway {
  const logged = async <T>(request: unknown, fn: () => Promise<T>): Promise<T & { log: CallLog }> => {
    const t0 = performance.now();
    const out = await fn();
    return { ...out, log: { request, response: out, latencyMs: Math.round(performance.now() - t0) } };
  };

  const answer = async (input: VerifyInput, isInquiry: boolean): Promise<BankAnswer> => {
    const [s] = await db()
      .update(sandboxBankSessions)
      .set({ verifyCalls: sql`${sandboxBankSessions.verifyCalls} + 1` })
      .where(eq(sandboxBankSessions.token, input.token))
      .returning();
    if (!s) return { status: 'declined', reason: 'Unknown token' };
    if (s.state === 'new') return { status: 'pending' };
    if (s.state === 'declined') return { status: 'declined', reason: s.reason ?? 'Declined' };
    // The "verify times out" card: the bank never answers a verify; an inquiry tells the truth.
    if (!isInquiry && s.card && behaviourOf(s.card) === 'verifyTimeout') return { status: 'unknown', reason: 'The bank did not answer in time' };
    return { status: 'paid', amount: s.amount, ref: s.ref!, cardMasked: maskCard(s.card) };
  };

  /**
   * The bank's refund: at most what was paid in all, idempotent on our refund id. The card the
   * session was paid with picks the outcome, as for payments.
   */
  const refund = async (input: RefundInput, isInquiry: boolean): Promise<RefundAnswer> => {
    const [s] = await db().select().from(sandboxBankSessions).where(eq(sandboxBankSessions.token, input.token));
    if (!s || s.state !== 'paid') return { status: 'declined', reason: 'No paid session with this token' };
    const behaviour = s.card ? behaviourOf(s.card) : null;
    const [seen] = await db().select().from(sandboxBankRefunds).where(eq(sandboxBankRefunds.refundId, input.refundId));
    let row = seen;
    if (!row) {
      if (isInquiry) return { status: 'declined', reason: 'No such refund' };
      const [{ refunded }] = await db()
        .select({ refunded: sql<string>`coalesce(sum(${sandboxBankRefunds.amount}), 0)` })
        .from(sandboxBankRefunds)
        .where(and(eq(sandboxBankRefunds.token, input.token), eq(sandboxBankRefunds.state, 'done')));
      const declined = behaviour === 'refundDeclined' ? 'بانک بازگشت وجه این تراکنش را نپذیرفت (Refund not allowed)' : null;
      const tooMuch = BigInt(refunded) + input.amount > s.amount ? 'مبلغ بازگشت بیش از مبلغ پرداخت است (Amount exceeds the payment)' : null;
      const reason = declined ?? tooMuch;
      const values = reason
        ? { refundId: input.refundId, token: input.token, amount: input.amount, state: 'declined', reason }
        : {
            refundId: input.refundId,
            token: input.token,
            amount: input.amount,
            state: 'done',
            ref: String(200000000000 + Math.floor(Math.random() * 799999999999)),
          };
      await db().insert(sandboxBankRefunds).values(values).onConflictDoNothing();
      [row] = await db().select().from(sandboxBankRefunds).where(eq(sandboxBankRefunds.refundId, input.refundId));
    }
    // The "refund times out" card: the refund call never answers; an inquiry tells the truth.
    if (!isInquiry && behaviour === 'refundTimeout') return { status: 'unknown', reason: 'The bank did not answer in time' };
    return row.state === 'done' ? { status: 'done', ref: row.ref! } : { status: 'declined', reason: row.reason ?? 'Declined' };
  };

  return {
    id: 'sandbox',
    async start(input: StartInput): Promise<StartResult> {
      const token = `sbx_${randomBytes(12).toString('hex')}`;
      const request = { amount: input.amount.toString(), order_id: input.orderId, callback: input.callbackUrl };
      const t0 = performance.now();
      await db().insert(sandboxBankSessions).values({ token, amount: input.amount, orderId: input.orderId, callbackUrl: input.callbackUrl });
      const response = { status: 'ok', token };
      return { ok: true, token, pageUrl: `/sandbox/bank/${token}`, log: { request, response, latencyMs: Math.round(performance.now() - t0) } };
    },
    tokenOfCallback: (p) => (typeof p.token === 'string' && SANDBOX_TOKEN_RE.test(p.token) ? p.token : null),
    verifyParams: () => ({}),
    verify: (input) => logged({ action: 'verify', token: input.token, amount: input.amount.toString() }, () => answer(input, false)),
    inquire: (input) => logged({ action: 'inquire', token: input.token }, () => answer(input, true)),
    refund: (input) => logged({ action: 'refund', refund_id: input.refundId, token: input.token, amount: input.amount.toString() }, () => refund(input, false)),
    inquireRefund: (input) => logged({ action: 'refund_inquiry', refund_id: input.refundId }, () => refund(input, true)),
  };
}

export type SandboxPayOutcome = Result<{ callbackUrl: string; twice: boolean }, 'notFound' | 'alreadyDone' | 'cardInvalid'>;

/** The payer's action on the sandbox bank page: pay with a test card, or cancel. */
export async function sandboxPay(db: DbOrTx, input: { token: string; card?: string; cancel?: boolean }): Promise<SandboxPayOutcome> {
  const { token } = input;
  // The token's shape first: a NUL or other junk would otherwise reach PostgreSQL (22021, a 500).
  if (!SANDBOX_TOKEN_RE.test(token)) return err('notFound');
  const [s] = await db.select().from(sandboxBankSessions).where(eq(sandboxBankSessions.token, token));
  if (!s) return err('notFound');
  let update: Partial<typeof sandboxBankSessions.$inferInsert>;
  let behaviour: SandboxBehaviour | null = null;
  if (input.cancel) update = { state: 'declined', reason: SANDBOX_REASONS.canceled };
  else {
    const card = (input.card ?? '').replace(/\D/g, '');
    behaviour = behaviourOf(card);
    if (!behaviour) return err('cardInvalid');
    update =
      behaviour === 'insufficient' || behaviour === 'lost'
        ? { state: 'declined', card, reason: SANDBOX_REASONS[behaviour] }
        : { state: 'paid', card, ref: String(100000000000 + Math.floor(Math.random() * 899999999999)) };
  }
  const [done] = await db
    .update(sandboxBankSessions)
    .set(update)
    .where(and(eq(sandboxBankSessions.token, token), eq(sandboxBankSessions.state, 'new')))
    .returning();
  if (!done) return err('alreadyDone');
  const url = new URL(s.callbackUrl);
  url.searchParams.set('token', token);
  url.searchParams.set('status', done.state === 'paid' ? 'ok' : 'failed');
  return ok({ callbackUrl: url.toString(), twice: behaviour === 'twice' });
}

export async function sandboxSession(db: DbOrTx, token: string) {
  const [s] = await db.select().from(sandboxBankSessions).where(eq(sandboxBankSessions.token, token));
  return s ?? null;
}
