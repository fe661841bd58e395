'use server';

import { randomInt } from 'node:crypto';
import type { Db } from '@/db';
import { action } from '@/lib/actions/action';
import { payByBankIvr, sandboxPhoneLine, sandboxPhoneLookup, type LookupAnswer } from '@/lib/ivr';
import { hit } from '@/lib/rate-limit';
import { err, ok, type Result } from '@/lib/result';
import { bankStepSchema, dialSchema, invoiceLookupSchema, orderLookupSchema, SAMPLE_PRODUCTS } from './schemas';

/**
 * The sandbox phone's steps, each what the IVR or the bank's IVR would do at that point of the
 * call: dial a line, look up an invoice id (mode 1) or a product of the sample menu (mode 2,
 * IVR-to-IVR), pay on the bank's IVR. Public like the sandbox bank, so limited per address.
 */
const PHONE_RATE = { limit: 60, windowSeconds: 60 };

async function limited(db: Db, ip: string): Promise<Result<never> | null> {
  const r = await hit(db, `sandbox-phone:ip:${ip}`, PHONE_RATE);
  return r.ok ? null : err('rateLimited', { retryAfterSeconds: r.retryAfterSeconds });
}

export type PhoneLookup =
  | {
      found: true;
      transactionId: string;
      merchantId: string;
      price: string;
      sip: { 'CALLERID(all)': string; Amount: string };
      paymentId: string;
    }
  | { found: false; code: number };

function view(a: LookupAnswer): PhoneLookup {
  if (!a.ok) return { found: false, code: a.code };
  return { found: true, transactionId: String(a.transactionId), merchantId: a.merchantId, price: a.price, sip: a.sip, paymentId: a.paymentId };
}

/** The caller dials: the line's name, and the call's unique id (the first part of mode 2's order ids). */
export const dialPhoneAction = action({ who: 'public', schema: dialSchema }, async (_, { line }, { db, ip }) => {
  const refused = await limited(db, ip);
  if (refused) return refused;
  const found = await sandboxPhoneLine(db, line);
  if (!found) return err('notInService');
  const callId = `${Math.floor(Date.now() / 1000)}.${String(randomInt(0, 100_000)).padStart(5, '0')}`;
  return ok({ name: found.name, callId });
});

/** Mode 1: the invoice id the caller keyed. */
export const lookupInvoiceAction = action({ who: 'public', schema: invoiceLookupSchema }, async (_, input, { db, ip }) => {
  const refused = await limited(db, ip);
  if (refused) return refused;
  return ok(view(await sandboxPhoneLookup(db, input.line, { ivr: 0, invoiceId: input.invoiceId, caller: input.caller })));
});

/** Mode 2: the product the caller picked in the sample menu; the order id is the call's id, the product and the quantity. */
export const orderProductAction = action({ who: 'public', schema: orderLookupSchema }, async (_, input, { db, ip }) => {
  const refused = await limited(db, ip);
  if (refused) return refused;
  const orderId = `${input.callId}-${input.product}-1`;
  const amount = SAMPLE_PRODUCTS[input.product];
  return ok({ orderId, ...view(await sandboxPhoneLookup(db, input.line, { ivr: 1, orderId, amount, caller: input.caller })) });
});

/** The bank's IVR: the card and PIN keyed for the transaction the hand-off named. */
export const payOnBankIvrAction = action({ who: 'public', schema: bankStepSchema }, async (_, input, { db, ip }) => {
  const refused = await limited(db, ip);
  if (refused) return refused;
  const r = await payByBankIvr(db, {
    merchant_id: input.merchantId,
    transaction_id: input.transactionId,
    amount: BigInt(input.amount),
    card: input.card,
    pin: input.pin,
  });
  if (!r.ok) return err(r.error);
  return ok({ outcome: r.outcome, trackingCode: r.trackingCode, reason: r.reason ?? null });
});
