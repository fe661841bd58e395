import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { violates } from '@/db/errors';
import { paymentAlerts, payments, vposDefinitions, vposPayments, type Payment, type VposDefinition } from '@/db/schema';
import type { NkolayClient, NkolayStatus, NkolayVerifiedResult } from '@/lib/gateways/nkolay';
import { maskCard, type BankAnswer, type CallLog, type Gateway } from '@/lib/gateways/types';
import { clientOfDefinition } from './definitions';

/**
 * N Kolay as a rail of the payment state machine (lib/payments): the payer pays on N Kolay's own
 * hosted page, so card data never reaches Dargah.
 * - start: `by-link-create` with the payment's definition (read now: a change holds at once), the
 *   success and fail URLs carrying a random token that names this payment (the result's order id is
 *   covered by neither documented hash, so the URL binds it);
 * - verify: the posted result, checked by its hash (either documented field set). A mismatch is
 *   logged and alerted. A genuine decline is kept as the bank's answer; an approval, whose hash
 *   binds nothing of ours, is confirmed by the payment list for this payment's own order id: the
 *   redirect alone never pays anything;
 * - inquire (janitor): the payment list, filtered by our order id (the tracking code).
 * The bank's code and message, approved or declined, are kept on `vpos_payments`.
 */

type Ctx = { payment: Payment; definition: VposDefinition; client: NkolayClient };

async function contextOf(db: DbOrTx, where: ReturnType<typeof eq>): Promise<Ctx | null> {
  const [row] = await db
    .select({ payment: payments, definition: vposDefinitions })
    .from(payments)
    .innerJoin(vposPayments, eq(vposPayments.paymentId, payments.id))
    .innerJoin(vposDefinitions, eq(vposDefinitions.id, vposPayments.definitionId))
    .where(where);
  return row ? { ...row, client: clientOfDefinition(row.definition) } : null;
}

const PAGE_SECONDS = 20 * 60;

const noLog = (request: unknown, response: unknown): CallLog => ({ request, response, latencyMs: 0 });

/** A day before the payment to now: the list's window for one order (at most 30 days). */
function windowOf(p: Payment) {
  const to = new Date();
  const from = new Date(Math.max(p.createdAt.getTime() - 86_400_000, to.getTime() - 29 * 86_400_000));
  return { from, to };
}

async function keepBankAnswer(
  db: DbOrTx,
  paymentId: string,
  v: { referenceCode?: string | null; authCode?: string | null; installments?: number | null; bankCode?: string | null; bankMessage?: string | null },
) {
  await db
    .update(vposPayments)
    .set({
      ...(v.referenceCode ? { referenceCode: v.referenceCode.slice(0, 64) } : {}),
      ...(v.authCode ? { authCode: v.authCode.slice(0, 32) } : {}),
      ...(v.installments ? { installments: v.installments } : {}),
      bankCode: v.bankCode?.slice(0, 16) ?? null,
      bankMessage: v.bankMessage?.slice(0, 300) ?? null,
    })
    .where(eq(vposPayments.paymentId, paymentId));
}

/** What the payment list says of one order, as a bank answer (and the bank's words kept). */
async function answerOfStatus(db: DbOrTx, ctx: Ctx, log: CallLog, s: NkolayStatus): Promise<BankAnswer & { log: CallLog }> {
  const sale = s.sale;
  if ((s.state === 'paid' || s.state === 'partially-refunded' || s.state === 'refunded' || s.state === 'cancelled') && sale?.amount != null) {
    try {
      await keepBankAnswer(db, ctx.payment.id, {
        referenceCode: sale.referenceCode,
        authCode: sale.authCode,
        installments: sale.installments,
        bankCode: null,
        bankMessage: sale.message,
      });
    } catch (e) {
      if (violates(e, 'vpos_payments_reference_key')) return { status: 'unknown', reason: 'The bank’s reference belongs to another payment', log };
      throw e;
    }
    return { status: 'paid', amount: sale.amount, ref: sale.referenceCode, cardMasked: maskCard(sale.cardMasked), log };
  }
  if (s.state === 'declined') {
    await keepBankAnswer(db, ctx.payment.id, { referenceCode: sale?.referenceCode, bankCode: sale?.bankCode, bankMessage: sale?.message });
    return { status: 'declined', reason: [sale?.bankCode, sale?.message].filter(Boolean).join(' ') || 'Declined', log };
  }
  // A sale row still NEW: the payer is at the bank (a 3-D code on its way). Not abandoned: asked again.
  if (s.state === 'pending') return { status: 'unknown', reason: 'At the bank, not finished', log };
  return { status: 'pending', log };
}

async function inquireByList(db: DbOrTx, ctx: Ctx): Promise<BankAnswer & { log: CallLog }> {
  const r = await ctx.client.status(ctx.payment.trackingCode, windowOf(ctx.payment));
  if (r.kind === 'ok') return answerOfStatus(db, ctx, r.log, r.data);
  return { status: 'unknown', reason: r.kind === 'unreachable' ? r.reason : r.message, log: r.log };
}

async function answerOfResult(db: DbOrTx, ctx: Ctx, result: NkolayVerifiedResult, log: CallLog): Promise<BankAnswer & { log: CallLog }> {
  if (!result.approved) {
    await keepBankAnswer(db, ctx.payment.id, { referenceCode: result.referenceCode, bankCode: result.bankCode, bankMessage: result.message });
    return { status: 'declined', reason: [result.bankCode, result.message].filter(Boolean).join(' ') || 'Declined', log };
  }
  // An approval's hash covers neither the order id nor anything of ours: a genuine approval of
  // another payment (of this definition, another definition of the same N Kolay account, or —
  // with the public test keys — another merchant) would pass it. So an approval only says "ask":
  // the payment list, filtered by this payment's own order id, decides. A signed approval for
  // another amount than ours is said where staff look (it takes the secret key to sign one).
  if (result.amount !== null && result.amount !== ctx.payment.amount) {
    await db.insert(paymentAlerts).values({
      paymentId: ctx.payment.id,
      kind: 'amount_mismatch',
      message: `N Kolay result for ${ctx.payment.trackingCode} names ${result.amount} kuruş, the payment is ${ctx.payment.amount}; the payment list decided`,
    });
  }
  return inquireByList(db, ctx);
}

export function nkolayGateway(db: DbOrTx): Gateway {
  return {
    id: 'nkolay',

    async start(input) {
      const ctx = await contextOf(db, eq(payments.trackingCode, input.orderId));
      if (!ctx) return { ok: false, reason: 'No virtual POS definition for this payment', log: noLog({ orderId: input.orderId }, null) };
      if (!ctx.definition.enabled) return { ok: false, reason: 'The virtual POS definition is switched off', log: noLog({ orderId: input.orderId }, null) };
      // A live payment only on a production definition, a test one only on a test definition, as
      // when it was made: a definition switched since cannot turn test cards into live money.
      if ((ctx.definition.environment === 'production') !== ctx.payment.livemode) {
        return { ok: false, reason: 'The POS definition’s environment no longer matches the payment’s mode', log: noLog({ orderId: input.orderId }, null) };
      }
      const token = randomBytes(18).toString('base64url');
      const back = `${input.callbackUrl}?t=${token}`;
      const r = await ctx.client.createHostedPage({
        clientRefCode: ctx.payment.trackingCode,
        amount: ctx.payment.amount,
        successUrl: back,
        failUrl: back,
        maxInstallments: ctx.definition.maxInstallments,
        use3D: ctx.definition.use3d,
        // The page closes before the janitor would give the payer up (lib/payments ABANDONED_AFTER_MS).
        pageSeconds: PAGE_SECONDS,
        description: ctx.payment.description ?? undefined,
        customer: { name: ctx.payment.payerName ?? undefined },
      });
      if (r.kind === 'ok') return { ok: true, token, pageUrl: r.data.url, log: r.log };
      return { ok: false, reason: r.kind === 'unreachable' ? r.reason : r.message, log: r.log };
    },

    tokenOfCallback: (params) => (typeof params.t === 'string' && /^[A-Za-z0-9_-]{10,40}$/.test(params.t) ? params.t : null),

    /** The result's fields, for an inquiry later; never a card number (N Kolay posts none). */
    verifyParams: (params) => Object.fromEntries(Object.entries(params).filter(([k]) => k !== 't' && !/card|pan|cvv/i.test(k))),

    async verify(input) {
      const ctx = await contextOf(db, and(eq(payments.gateway, 'nkolay'), eq(payments.gatewayToken, input.token))!);
      if (!ctx) return { status: 'unknown', reason: 'No virtual POS definition for this payment', log: null as unknown as CallLog };
      const check = ctx.client.verifyResult(input.callback);
      const log = noLog({ fields: Object.keys(input.callback).sort() }, check.ok ? { fieldSet: check.result.fieldSet } : { error: check.error.code });
      if (!check.ok) {
        // Forged, tampered or signed with another key: say so where staff look, then ask the list.
        console.warn('[nkolay] result hash mismatch', {
          payment: ctx.payment.trackingCode,
          fields: check.error.fieldNames,
          reference: check.error.referenceCode,
        });
        await db.insert(paymentAlerts).values({
          paymentId: ctx.payment.id,
          kind: 'hash_mismatch',
          message: `N Kolay result for ${ctx.payment.trackingCode} failed its hash check (${check.error.message}); the payment list was asked instead`,
        });
        return inquireByList(db, ctx);
      }
      return answerOfResult(db, ctx, check.result, log);
    },

    async inquire(input) {
      const ctx = await contextOf(db, and(eq(payments.gateway, 'nkolay'), eq(payments.gatewayToken, input.token))!);
      if (!ctx) return { status: 'unknown', reason: 'No virtual POS definition for this payment', log: null as unknown as CallLog };
      return inquireByList(db, ctx);
    },
  };
}
