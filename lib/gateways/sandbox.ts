import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db';
import { sandboxBankSessions } from '@/db/schema';
import { err, ok, type Result } from '@/lib/result';
import type { BankAnswer, CallLog, Gateway, StartInput, StartResult, VerifyInput } from './types';
import { maskCard } from './types';

/**
 * The sandbox bank: a fake bank inside the app with its own book (`sandbox_bank_sessions`),
 * used by test keys and by `npm run dev`. Test cards pick the outcome.
 */
export const SANDBOX_CARDS = {
  '6037991000000004': 'success',
  '6037991000000012': 'insufficient',
  '6037991000000020': 'lost',
  '6037991000000038': 'verifyTimeout',
  '6037991000000046': 'twice',
} as const;

/** The shape of the sandbox bank's session tokens. */
export const SANDBOX_TOKEN_RE = /^sbx_[0-9a-f]{24}$/;

export type SandboxBehaviour = (typeof SANDBOX_CARDS)[keyof typeof SANDBOX_CARDS];

export const SANDBOX_REASONS: Record<'insufficient' | 'lost' | 'canceled', string> = {
  insufficient: 'موجودی کافی نیست (Insufficient balance)',
  lost: 'کارت مفقودی است (Lost card)',
  canceled: 'پرداخت‌کننده انصراف داد (Canceled by the payer)',
};

export function behaviourOf(card: string): SandboxBehaviour | null {
  return (SANDBOX_CARDS as Record<string, SandboxBehaviour>)[card] ?? null;
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
