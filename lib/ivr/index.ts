import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db';
import { afterCommit, inCommitScope } from '@/db/after-commit';
import { violates } from '@/db/errors';
import {
  ivrCallerStrikes,
  ivrInvoices,
  ivrLookups,
  ivrSettings,
  merchantServices,
  paymentAttempts,
  payments,
  platforms,
  type IvrInvoice,
  type IvrSettings,
  type Payment,
  type Platform,
} from '@/db/schema';
import { type ApiActor, assertStaff, type MerchantActor, ownedBy, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { env } from '@/lib/env';
import { sandboxPay } from '@/lib/gateways/sandbox';
import type { CallLog } from '@/lib/gateways/types';
import { publicBaseUrl } from '@/lib/http/base-url';
import { formatAmount } from '@/lib/money';
import { createPayment, DuplicateOrderError, fail, handleCallback, startPayment, succeed } from '@/lib/payments';
import { dammDigit } from '@/lib/payments/tracking';
import { hit } from '@/lib/rate-limit';
import { err, ok, type Result } from '@/lib/result';
import { sendPayerSms } from '@/lib/sms';
import { normalizeMobile } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';
import { isUuid } from '@/lib/validation/ids';
import { ivrRail } from './rail';
import type { BankIvrPayInput, IvrLookupInput, IvrSettingsInput } from './schemas';
import {
  CREDENTIAL_RE,
  generateInvoiceCode,
  generateIvrSecret,
  generateMerchantNumber,
  hashIvrSecret,
  ivrSecretPrefix,
  TRUNK_RE,
  type IvrSecretKind,
} from './secrets';

/**
 * Phone payments (PayStar's IVR product). Two ways in:
 * - mode 1: an agent or the API makes an invoice; the caller keys its id into the IVR, which
 *   looks it up here (`ivrLookup`) and hands the call to the bank's IVR with the transaction;
 * - mode 2 (IVR-to-IVR): the merchant's own IVR makes the order in the look-up itself.
 * Natively the bank side is the sandbox bank's IVR; on PayStar's rail PayStar's IVR does the
 * look-up and Dargah learns the result by polling. Either way the money moves only through the
 * payment state machine's verify rules (lib/payments), like every payment.
 */

// ————————————————————————————————————————————————— platforms and settings

/** The platform if it is the actor's and sells by phone (a platform of the IVR service). */
export async function ivrPlatformOf(db: DbOrTx, actor: MerchantActor | StaffActor | ApiActor, platformId: string): Promise<Platform | null> {
  if (!isUuid(platformId)) return null;
  if (actor.kind === 'api' && actor.platformId !== platformId) return null;
  const [row] = await db
    .select({ platform: platforms })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.id, platformId), eq(merchantServices.serviceId, 'ivr'), ownedBy(actor, platforms.userId)));
  return row?.platform ?? null;
}

/** The actor's platforms of the IVR service. */
export async function listIvrPlatforms(db: DbOrTx, actor: MerchantActor | StaffActor) {
  return db
    .select({ platform: platforms })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(merchantServices.serviceId, 'ivr'), ownedBy(actor, platforms.userId)))
    .orderBy(platforms.createdAt)
    .then((rows) => rows.map((r) => r.platform));
}

/** The platform's IVR settings, made with their defaults (and a merchant number) on first use. */
export async function ensureIvrSettings(db: DbOrTx, platformId: string): Promise<IvrSettings> {
  const [found] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, platformId));
  if (found) return found;
  for (let i = 0; i < 5; i++) {
    const [made] = await db.insert(ivrSettings).values({ platformId, merchantNumber: generateMerchantNumber() }).onConflictDoNothing().returning();
    if (made) return made;
    const [again] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, platformId));
    if (again) return again;
    // The merchant number was taken: try another.
  }
  throw new Error('Could not allot an IVR merchant number');
}

export type IvrSettingsView = Omit<IvrSettings, 'credentialHash' | 'trunkHash'> & { hasCredential: boolean; hasTrunk: boolean };

export function settingsView(s: IvrSettings): IvrSettingsView {
  const { credentialHash, trunkHash, ...rest } = s;
  return { ...rest, hasCredential: Boolean(credentialHash), hasTrunk: Boolean(trunkHash) };
}

export async function getIvrSettings(db: DbOrTx, actor: MerchantActor | StaffActor, platformId: string): Promise<IvrSettingsView | null> {
  const platform = await ivrPlatformOf(db, actor, platformId);
  return platform ? settingsView(await ensureIvrSettings(db, platform.id)) : null;
}

export async function updateIvrSettings(db: Db, actor: MerchantActor, input: IvrSettingsInput): Promise<Result<IvrSettingsView, 'notFound'>> {
  const platform = await ivrPlatformOf(db, actor, input.platformId);
  if (!platform) return err('notFound');
  return db.transaction(async (tx) => {
    const before = await ensureIvrSettings(tx, platform.id);
    const { platformId: _p, ...fields } = input;
    void _p;
    const [after] = await tx
      .update(ivrSettings)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(ivrSettings.platformId, platform.id))
      .returning();
    const pick = (s: IvrSettings) => ({
      invoiceTtlMinutes: s.invoiceTtlMinutes,
      callerWrongCap: s.callerWrongCap,
      callerWindowMinutes: s.callerWindowMinutes,
      invoiceFailCap: s.invoiceFailCap,
    });
    await audit(tx, actor, { action: 'update', objectType: 'ivr_settings', objectId: platform.id, before: pick(before), after: pick(after) });
    return ok(settingsView(after));
  });
}

/** A new IVR credential or trunk id, returned this once; the old one stops working at once. */
export async function rollIvrSecret(
  db: Db,
  actor: MerchantActor,
  platformId: string,
  kind: IvrSecretKind,
): Promise<Result<{ secret: string; prefix: string }, 'notFound'>> {
  const platform = await ivrPlatformOf(db, actor, platformId);
  if (!platform) return err('notFound');
  const secret = generateIvrSecret(kind);
  const prefix = ivrSecretPrefix(kind, secret);
  const hash = hashIvrSecret(kind, secret);
  await db.transaction(async (tx) => {
    await ensureIvrSettings(tx, platform.id);
    await tx
      .update(ivrSettings)
      .set(
        kind === 'credential'
          ? { credentialPrefix: prefix, credentialHash: hash, updatedAt: new Date() }
          : { trunkPrefix: prefix, trunkHash: hash, updatedAt: new Date() },
      )
      .where(eq(ivrSettings.platformId, platform.id));
    await audit(tx, actor, {
      action: kind === 'credential' ? 'roll_ivr_credential' : 'roll_ivr_trunk',
      objectType: 'ivr_settings',
      objectId: platform.id,
      after: { prefix },
    });
  });
  return ok({ secret, prefix });
}

// ————————————————————————————————————————————————— invoices

export type NewIvrInvoice = {
  platformId: string;
  amount: bigint;
  orderId: string | null;
  customerName: string | null;
  email: string | null;
  phone: string | null;
};

export type CreateInvoiceError = 'notFound' | 'platformInactive' | 'duplicateOrder' | 'railUnavailable' | 'railRefused';

/** Whether this deployment may run live phone payments on the sandbox bank (never in production). */
const sandboxLiveAllowed = () => env().APP_ENV !== 'production';

/**
 * An invoice to pay by phone. From the portal its mode follows the platform (live once approved);
 * from the API it follows the key. On PayStar's rail the invoice is made at PayStar first and
 * carries PayStar's tracking code, which is what the caller keys there.
 */
export async function createIvrInvoice(
  db: Db,
  actor: MerchantActor | ApiActor,
  input: NewIvrInvoice,
  now = new Date(),
  /** For a `creating` invoice (see below): PayStar's answer, once it came after the caller's commit. */
  opts: { made?: (done: FactorOutcome) => Promise<void> } = {},
): Promise<Result<IvrInvoice, CreateInvoiceError> & { reason?: string }> {
  const platform = await ivrPlatformOf(db, actor, input.platformId);
  if (!platform) return err('notFound');
  if (platform.status === 'rejected' || platform.status === 'suspended' || platform.status === 'paused') return err('platformInactive');
  const livemode = actor.kind === 'api' ? actor.livemode : platform.status === 'approved';
  if (livemode && platform.status !== 'approved') return err('platformInactive');
  const settings = await ensureIvrSettings(db, platform.id);
  const rail = livemode ? settings.rail : 'sandbox';
  if (rail === 'sandbox' && livemode && !sandboxLiveAllowed()) return err('railUnavailable');
  if (input.orderId) {
    const [taken] = await db
      .select({ id: ivrInvoices.id })
      .from(ivrInvoices)
      .where(and(eq(ivrInvoices.platformId, platform.id), eq(ivrInvoices.livemode, livemode), eq(ivrInvoices.orderId, input.orderId)));
    if (taken) return err('duplicateOrder');
  }
  const expiresAt = new Date(now.getTime() + settings.invoiceTtlMinutes * 60_000);
  const base = {
    platformId: platform.id,
    mode: 'invoice' as const,
    rail,
    livemode,
    amount: input.amount,
    customerName: input.customerName,
    email: input.email,
    phone: input.phone,
    expiresAt,
    createdBy: actor.kind === 'merchant' ? actor.userId : null,
    createdAt: now,
  };

  if (rail === 'paystar') {
    const client = await ivrRail(db);
    if (!client) return err('railUnavailable');
    const orderId = input.orderId ?? `ph-${generateInvoiceCode(dammDigit)}${String(now.getTime()).slice(-4)}`;
    if (inCommitScope()) {
      // An API call with an Idempotency-Key runs in one transaction that could still roll back after
      // PayStar made the factor: the retry would then meet PayStar's "duplicate order id", and PayStar
      // offers no look-up by order id. So the invoice is committed first, waiting (`creating`), and
      // PayStar is asked once the call has committed; the janitor asks for any left waiting.
      const [pending] = await db
        .insert(ivrInvoices)
        .values({ ...base, orderId, trackingCode: placeholderCode(), state: 'creating', nextPollAt: new Date(now.getTime() + CREATING_RETRY_MS) })
        .onConflictDoNothing()
        .returning();
      if (!pending) return err('duplicateOrder');
      afterCommit(async () => {
        // Claimed as the janitor claims (below), so one of them asks: should this run late, past the
        // janitor's two minutes, a janitor that took it first asks, and the caller gets 202 creating.
        const claimed = await claimCreating(getDb(), pending, new Date());
        const done: FactorOutcome = claimed
          ? await askForFactor(getDb(), claimed, 'request')
          : { ...err('railUnavailable'), reason: 'The janitor is asking PayStar for this invoice' };
        await opts.made?.(done);
      });
      return ok(pending);
    }
    const made = await client.createFactor({ amount: input.amount, orderId, customerName: input.customerName, email: input.email, phone: input.phone });
    if (!made.ok) return { ...err(made.retryable ? 'railUnavailable' : 'railRefused'), reason: made.reason };
    // Two creates of one order id at once both pass the check above; the second one's insert is the
    // duplicate (its factor at PayStar is never shown to anyone and expires unpaid).
    return db
      .transaction(async (tx) => {
        const [invoice] = await tx
          .insert(ivrInvoices)
          .values({ ...base, orderId, trackingCode: made.trackingCode, nextPollAt: new Date(now.getTime() + 60_000) })
          .returning();
        return ok(await attachFactorPayment(tx, invoice, made));
      })
      .catch((e: unknown) => {
        if (violates(e, 'ivr_invoices_order_key')) return err('duplicateOrder' as const);
        throw e;
      });
  }

  for (let i = 0; ; i++) {
    const trackingCode = generateInvoiceCode(dammDigit);
    try {
      // A code already taken inserts nothing and another is drawn: a failed INSERT would abort the
      // caller's transaction (an API call with an Idempotency-Key runs in one).
      const [invoice] = await db
        .insert(ivrInvoices)
        .values({ ...base, orderId: input.orderId ?? `ph-${trackingCode}`, trackingCode })
        .onConflictDoNothing({ target: [ivrInvoices.platformId, ivrInvoices.trackingCode] })
        .returning();
      if (invoice) return ok(invoice);
      if (i >= 8) throw new Error('No free invoice code after 9 draws');
    } catch (e) {
      if (violates(e, 'ivr_invoices_order_key')) return err('duplicateOrder');
      throw e;
    }
  }
}

/** How long a `creating` invoice waits before the janitor asks PayStar for its factor (the request's own ask times out in 10 s). */
export const CREATING_RETRY_MS = 2 * 60_000;

/** A creating invoice's stand-in tracking code: not digits, so no look-up, inquiry or IVR ever finds it. */
const placeholderCode = () => `c${randomBytes(8).toString('hex')}`;

export type FactorOutcome = Result<IvrInvoice, 'railUnavailable' | 'railRefused'> & { reason?: string };

/**
 * The payment a PayStar factor's result will complete, and the factor's request and answer as its
 * first attempt; the invoice is linked to it. Inside the caller's transaction.
 */
async function attachFactorPayment(
  tx: DbOrTx & Pick<Db, 'transaction'>,
  invoice: IvrInvoice,
  made: { trackingCode: string; log: CallLog },
): Promise<IvrInvoice> {
  const fields = {
    platformId: invoice.platformId,
    source: 'ivr' as const,
    livemode: invoice.livemode,
    amount: invoice.amount,
    payerName: invoice.customerName,
    payerMobile: invoice.phone ? normalizeMobile(invoice.phone) : null,
  };
  let payment: Payment;
  try {
    // In a savepoint: PayStar has made the factor, so an order id another payment has must not lose it.
    payment = await tx.transaction((sp) => createPayment(sp, { ...fields, orderId: invoice.orderId }));
  } catch (e) {
    if (!(e instanceof DuplicateOrderError)) throw e;
    payment = await createPayment(tx, fields);
  }
  await tx.update(payments).set({ gateway: 'paystar-ivr', gatewayToken: made.trackingCode }).where(eq(payments.id, payment.id));
  await tx.insert(paymentAttempts).values({
    paymentId: payment.id,
    action: 'create_factor',
    outcome: 'ok',
    request: plain(made.log.request),
    response: plain(made.log.response),
    latencyMs: made.log.latencyMs,
  });
  const [linked] = await tx.update(ivrInvoices).set({ paymentId: payment.id }).where(eq(ivrInvoices.id, invoice.id)).returning();
  return linked;
}

/**
 * Asks PayStar for the factor of a `creating` invoice and records it: the invoice opens with
 * PayStar's tracking code and its payment. A refusal ends it: asked by its own request (`request`),
 * the invoice is removed, as a refused create always left nothing; asked by the janitor, PayStar
 * may hold a factor for the order id from an ask whose answer was lost, so it is canceled and its
 * order id stays taken. No answer leaves it waiting for the janitor.
 */
async function askForFactor(db: Db, invoice: IvrInvoice, by: 'request' | 'janitor'): Promise<FactorOutcome> {
  const client = await ivrRail(db);
  if (!client) return { ...err('railUnavailable'), reason: 'PayStar is not configured' };
  const made = await client.createFactor({
    amount: invoice.amount,
    orderId: invoice.orderId,
    customerName: invoice.customerName,
    email: invoice.email,
    phone: invoice.phone,
  });
  const creating = and(eq(ivrInvoices.id, invoice.id), eq(ivrInvoices.state, 'creating'));
  if (!made.ok) {
    if (made.retryable) return { ...err('railUnavailable'), reason: made.reason };
    if (by === 'request') await db.delete(ivrInvoices).where(creating);
    else await db.update(ivrInvoices).set({ state: 'canceled', nextPollAt: null }).where(creating);
    return { ...err('railRefused'), reason: made.reason };
  }
  const opened = await db.transaction(async (tx) => {
    const [open] = await tx
      .update(ivrInvoices)
      .set({ state: 'open', trackingCode: made.trackingCode, nextPollAt: new Date(Date.now() + 60_000), polls: 0 })
      .where(creating)
      .returning();
    return open ? attachFactorPayment(tx, open, made) : null;
  });
  if (!opened) return { ...err('railRefused'), reason: 'The invoice was settled meanwhile' };
  return ok(opened);
}

/**
 * Takes a `creating` invoice for one ask of PayStar: one more poll, the next not before two minutes,
 * conditional on the polls read — so the request's own ask and the janitor's, or two janitors, never
 * both ask for it at once. Null when someone else took it.
 */
async function claimCreating(db: Db, inv: IvrInvoice, now: Date): Promise<IvrInvoice | null> {
  const [claimed] = await db
    .update(ivrInvoices)
    .set({ polls: inv.polls + 1, nextPollAt: new Date(now.getTime() + CREATING_RETRY_MS) })
    .where(and(eq(ivrInvoices.id, inv.id), eq(ivrInvoices.state, 'creating'), eq(ivrInvoices.polls, inv.polls)))
    .returning();
  return claimed ?? null;
}

/**
 * The janitor's part (every minute, with the poller): invoices left `creating` — their request's
 * process died between its commit and PayStar's answer, or PayStar did not answer — are asked for
 * again, each claimed first (as the request's own ask is) so nobody asks twice at once; past their
 * expiry they are canceled.
 */
export async function finishCreatingInvoices(db: Db, now = new Date()): Promise<{ asked: number }> {
  const due = await db
    .select()
    .from(ivrInvoices)
    // Written as the partial index ivr_invoices_creating_idx is (its migration could not name the new
    // state), with the states as literals so even a generic plan can use it. Only the due ones: the
    // oldest not yet due must not fill the page and starve newer ones.
    .where(
      and(
        sql`${ivrInvoices.state} not in ('open', 'canceled')`,
        lt(ivrInvoices.createdAt, new Date(now.getTime() - CREATING_RETRY_MS)),
        or(isNull(ivrInvoices.nextPollAt), lte(ivrInvoices.nextPollAt, now)),
      ),
    )
    .orderBy(ivrInvoices.createdAt)
    .limit(20);
  let asked = 0;
  for (const inv of due) {
    if (inv.state !== 'creating') continue;
    if (inv.expiresAt <= now) {
      await db
        .update(ivrInvoices)
        .set({ state: 'canceled', nextPollAt: null })
        .where(and(eq(ivrInvoices.id, inv.id), eq(ivrInvoices.state, 'creating')));
      continue;
    }
    const claimed = await claimCreating(db, inv, now);
    if (!claimed) continue;
    asked++;
    await askForFactor(db, claimed, 'janitor');
  }
  return { asked };
}

const plain = (v: unknown): object | null =>
  v === undefined || v === null ? null : JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));

export type IvrInvoiceState = 'creating' | 'open' | 'paying' | 'paid' | 'unknown' | 'expired' | 'canceled';

/** An invoice's state for people and the API: its current payment decides paid; the clock decides expired. */
export function invoiceState(invoice: Pick<IvrInvoice, 'state' | 'expiresAt'>, payment: Pick<Payment, 'state'> | null, now = new Date()): IvrInvoiceState {
  if (payment?.state === 'succeeded') return 'paid';
  if (invoice.state === 'canceled') return 'canceled';
  if (invoice.state === 'creating') return 'creating';
  if (payment?.state === 'unknown') return 'unknown';
  if (now >= invoice.expiresAt) return 'expired';
  return payment?.state === 'redirected' ? 'paying' : 'open';
}

export type IvrInvoiceView = {
  invoice: IvrInvoice;
  payment: Pick<Payment, 'id' | 'state' | 'trackingCode' | 'gatewayRef' | 'cardMasked' | 'completedAt' | 'failureReason'> | null;
  state: IvrInvoiceState;
  platformName: string;
};

const paymentCols = {
  id: payments.id,
  state: payments.state,
  trackingCode: payments.trackingCode,
  gatewayRef: payments.gatewayRef,
  cardMasked: payments.cardMasked,
  completedAt: payments.completedAt,
  failureReason: payments.failureReason,
};

/** One invoice by its tracking code, within a platform the actor may see. */
export async function invoiceByCode(db: DbOrTx, platformId: string, trackingCode: string, now = new Date()): Promise<IvrInvoiceView | null> {
  if (!/^\d{1,20}$/.test(trackingCode)) return null;
  return invoiceWhere(db, and(eq(ivrInvoices.platformId, platformId), eq(ivrInvoices.trackingCode, trackingCode)), now);
}

/** One invoice by its id, within a platform the actor may see (a `creating` one has no tracking code yet). */
export async function invoiceById(db: DbOrTx, platformId: string, id: string, now = new Date()): Promise<IvrInvoiceView | null> {
  if (!isUuid(id)) return null;
  return invoiceWhere(db, and(eq(ivrInvoices.platformId, platformId), eq(ivrInvoices.id, id)), now);
}

async function invoiceWhere(db: DbOrTx, where: SQL | undefined, now: Date): Promise<IvrInvoiceView | null> {
  const [row] = await db
    .select({ invoice: ivrInvoices, payment: paymentCols, platformName: platforms.name })
    .from(ivrInvoices)
    .innerJoin(platforms, eq(platforms.id, ivrInvoices.platformId))
    .leftJoin(payments, eq(payments.id, ivrInvoices.paymentId))
    .where(where);
  if (!row) return null;
  return { ...row, payment: row.payment?.id ? row.payment : null, state: invoiceState(row.invoice, row.payment?.id ? row.payment : null, now) };
}

export const IVR_PAGE_SIZE = 50;

/** The actor's invoices, newest first (one platform or all), keyset-paged by creation time. */
export async function listIvrInvoices(
  db: DbOrTx,
  actor: MerchantActor | StaffActor,
  opts: { platformId?: string | null; before?: Date | null; limit?: number } = {},
  now = new Date(),
): Promise<IvrInvoiceView[]> {
  if (opts.platformId && !isUuid(opts.platformId)) return [];
  const rows = await db
    .select({ invoice: ivrInvoices, payment: paymentCols, platformName: platforms.name })
    .from(ivrInvoices)
    .innerJoin(platforms, eq(platforms.id, ivrInvoices.platformId))
    .leftJoin(payments, eq(payments.id, ivrInvoices.paymentId))
    .where(
      and(
        ownedBy(actor, platforms.userId),
        opts.platformId ? eq(ivrInvoices.platformId, opts.platformId) : undefined,
        opts.before ? lt(ivrInvoices.createdAt, opts.before) : undefined,
      ),
    )
    .orderBy(desc(ivrInvoices.createdAt), desc(ivrInvoices.id))
    .limit(Math.min(opts.limit ?? IVR_PAGE_SIZE, 200));
  return rows.map((r) => {
    const payment = r.payment?.id ? r.payment : null;
    return { ...r, payment, state: invoiceState(r.invoice, payment, now) };
  });
}

/** One of the actor's invoices by id. */
export async function getIvrInvoice(db: DbOrTx, actor: MerchantActor | StaffActor, id: string, now = new Date()): Promise<IvrInvoiceView | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ invoice: ivrInvoices, payment: paymentCols, platformName: platforms.name })
    .from(ivrInvoices)
    .innerJoin(platforms, eq(platforms.id, ivrInvoices.platformId))
    .leftJoin(payments, eq(payments.id, ivrInvoices.paymentId))
    .where(and(eq(ivrInvoices.id, id), ownedBy(actor, platforms.userId)));
  if (!row) return null;
  const payment = row.payment?.id ? row.payment : null;
  return { ...row, payment, state: invoiceState(row.invoice, payment, now) };
}

/** The merchant withdraws an unpaid invoice: later look-ups hear "wrong invoice id". */
export async function cancelIvrInvoice(db: Db, actor: MerchantActor, id: string): Promise<Result<undefined, 'notFound' | 'notCancelable'>> {
  const view = await getIvrInvoice(db, actor, id);
  if (!view) return err('notFound');
  if (view.state !== 'open' && view.state !== 'expired') return err('notCancelable');
  // PayStar has no way to withdraw a factor: its caller can still pay it, and the poller must be there to credit it.
  if (view.invoice.rail === 'paystar') return err('notCancelable');
  const moved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(ivrInvoices)
      .set({ state: 'canceled' })
      .where(and(eq(ivrInvoices.id, id), eq(ivrInvoices.state, 'open')))
      .returning();
    if (row)
      await audit(tx, actor, { action: 'cancel', objectType: 'ivr_invoice', objectId: row.id, before: { state: view.state }, after: { state: 'canceled' } });
    return row;
  });
  if (!moved) return err('notCancelable');
  if (view.payment && view.payment.state === 'created') {
    const [p] = await db.select().from(payments).where(eq(payments.id, view.payment.id));
    if (p) await fail(db, p, 'The merchant canceled the invoice', { state: 'canceled', from: ['created'] });
  }
  return ok();
}

/** Sends the caller the invoice id by SMS (to a mobile number), at most 3 times in 10 minutes per invoice. */
export async function smsIvrInvoice(
  db: Db,
  actor: MerchantActor,
  id: string,
  text: (v: { code: string; amount: string; name: string; phone: string }) => string,
): Promise<Result<undefined, 'notFound' | 'notOpen' | 'noMobile' | 'tooMany'>> {
  const view = await getIvrInvoice(db, actor, id);
  if (!view) return err('notFound');
  // Only a code the caller can still pay is worth a text: not a paid, expired, canceled one, nor a
  // creating one's stand-in.
  if (view.state !== 'open') return err('notOpen');
  const mobile = view.invoice.phone ? normalizeMobile(view.invoice.phone) : null;
  if (!mobile) return err('noMobile');
  if (!(await hit(db, `ivr:sms:${id}`, { limit: 3, windowSeconds: 600 })).ok) return err('tooMany');
  const [platform] = await db.select({ address: platforms.address }).from(platforms).where(eq(platforms.id, view.invoice.platformId));
  const sent = await sendPayerSms(
    db,
    mobile,
    text({
      code: view.invoice.trackingCode,
      amount: formatAmount(view.invoice.amount, 'fa', 'toman'),
      name: view.platformName,
      phone: platform?.address ?? '',
    }),
  );
  return sent ? ok() : err('tooMany');
}

// ————————————————————————————————————————————————— the IVR's look-up

/** The document's error codes, played to the caller by the IVR. */
export const LOOKUP_ERRORS = {
  1: 'درگاه پذیرنده معتبر نمی‌باشد. (Invalid merchant gateway)',
  2: 'شناسه فاکتور اشتباه است. (Wrong invoice id)',
  3: 'شناسه فاکتور قبلاً پرداخت شده است. (Invoice already paid)',
  4: 'شناسه فاکتور منقضی شده است. (Invoice expired)',
  5: 'به دلیل تلاش‌های پی در پی اشتباه، امکان پرداخت شناسه فاکتور وجود ندارد. (Too many wrong attempts)',
} as const;
export type LookupErrorCode = keyof typeof LOOKUP_ERRORS;

export type LookupAnswer =
  | {
      ok: true;
      transactionId: number;
      merchantId: string;
      price: string;
      /** The SIP hand-off to the bank's IVR: `CALLERID(all)` and the custom header `Amount`. */
      sip: { 'CALLERID(all)': string; Amount: string };
      invoiceId: string;
      paymentId: string;
    }
  | { ok: false; code: LookupErrorCode; /** No platform has this credential (and trunk id): a failed authentication. */ unauthenticated?: true };

type Caller = { settings: IvrSettings; platform: Platform; serviceStatus: string };

/** The platform an IVR credential belongs to, or null (a malformed or unknown credential). */
async function callerOf(db: DbOrTx, credential: string | null): Promise<Caller | null> {
  if (!credential || !CREDENTIAL_RE.test(credential)) return null;
  const [row] = await db
    .select({ settings: ivrSettings, platform: platforms, serviceStatus: merchantServices.status, serviceId: merchantServices.serviceId })
    .from(ivrSettings)
    .innerJoin(platforms, eq(platforms.id, ivrSettings.platformId))
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(eq(ivrSettings.credentialHash, hashIvrSecret('credential', credential)));
  if (!row || row.serviceId !== 'ivr') return null;
  return row;
}

/** Whether the caller has used up its wrong tries within the window (no count taken). */
async function callerBlocked(db: DbOrTx, s: IvrSettings, caller: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ count: ivrCallerStrikes.count })
    .from(ivrCallerStrikes)
    .where(
      and(
        eq(ivrCallerStrikes.platformId, s.platformId),
        eq(ivrCallerStrikes.caller, caller),
        gt(ivrCallerStrikes.windowStart, new Date(now.getTime() - s.callerWindowMinutes * 60_000)),
      ),
    );
  return (row?.count ?? 0) >= s.callerWrongCap;
}

/**
 * One wrong invoice id from this caller, counted in one atomic upsert that never counts past the
 * cap: true when it was counted (the caller hears "wrong invoice id"), false when the caller had
 * already used up its tries in the window (it hears error 5). Racing look-ups from any number of
 * instances meet on the one row.
 */
async function strike(db: DbOrTx, s: IvrSettings, caller: string, now: Date): Promise<boolean> {
  const windowStart = new Date(now.getTime() - s.callerWindowMinutes * 60_000).toISOString();
  const nowIso = now.toISOString();
  const rows = await db.execute<{ count: number }>(sql`
    insert into ${ivrCallerStrikes} (platform_id, caller, window_start, count)
    values (${s.platformId}, ${caller}, ${nowIso}::timestamptz, 1)
    on conflict (platform_id, caller) do update
      set count = case when ${ivrCallerStrikes.windowStart} <= ${windowStart}::timestamptz then 1 else ${ivrCallerStrikes.count} + 1 end,
          window_start = case when ${ivrCallerStrikes.windowStart} <= ${windowStart}::timestamptz then ${nowIso}::timestamptz else ${ivrCallerStrikes.windowStart} end
      where ${ivrCallerStrikes.windowStart} <= ${windowStart}::timestamptz or ${ivrCallerStrikes.count} < ${s.callerWrongCap}
    returning count`);
  return rows.length > 0;
}

async function logLookup(
  db: DbOrTx,
  row: { platformId: string | null; invoiceId?: string | null; caller: string | null; mode: IvrInvoice['mode']; code: number },
) {
  await db.insert(ivrLookups).values({ ...row, invoiceId: row.invoiceId ?? null });
}

const PAYMENT_OPEN: Payment['state'][] = ['created', 'redirected', 'unknown'];

/**
 * The IVR's look-up (`POST /api/ivr/transactions`): the credential names the platform; the
 * answer is a transaction (a payment on the sandbox bank's IVR) or one of the document's errors.
 * One payment at a time per invoice: a look-up while one is open hands out the same transaction,
 * so the same order keyed twice, or an invoice looked up by two callers, is never paid twice.
 */
export async function ivrLookup(db: Db, credential: string | null, input: IvrLookupInput, now = new Date()): Promise<LookupAnswer> {
  const c = await callerOf(db, credential);
  if (c && input.ivr === 1 && !(TRUNK_RE.test(input.trunk_id) && c.settings.trunkHash === hashIvrSecret('trunk', input.trunk_id)))
    return lookupFor(db, null, input, now);
  return lookupFor(db, c, input, now);
}

/**
 * The sandbox phone (`/sandbox/phone`): a caller dials a merchant's IVR line and keys digits, as
 * anyone can on a real phone line. It reaches only platforms whose phone payments run on the
 * sandbox bank, and in production only those not yet live, so it can never guess live invoices.
 */
export async function sandboxPhoneLine(db: DbOrTx, dialed: string): Promise<(Caller & { name: string }) | null> {
  const digits = toAsciiDigits(dialed).replace(/\D/g, '');
  if (!/^\d{4,11}$/.test(digits)) return null;
  const rows = await db
    .select({ settings: ivrSettings, platform: platforms, serviceStatus: merchantServices.status, serviceId: merchantServices.serviceId })
    .from(ivrSettings)
    .innerJoin(platforms, eq(platforms.id, ivrSettings.platformId))
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(
      and(
        or(sql`regexp_replace(${platforms.address}, '[^0-9]', '', 'g') = ${digits}`, eq(ivrSettings.merchantNumber, digits)),
        eq(ivrSettings.rail, 'sandbox'),
        eq(merchantServices.serviceId, 'ivr'),
      ),
    )
    .orderBy(desc(ivrSettings.updatedAt))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (row.platform.status === 'approved' && !sandboxLiveAllowed()) return null;
  return { ...row, name: row.platform.name };
}

/** The sandbox phone's look-up: the same rules as the IVR operator's, for the line it dialed. */
export async function sandboxPhoneLookup(db: Db, dialed: string, input: SandboxLookupInput, now = new Date()): Promise<LookupAnswer> {
  const line = await sandboxPhoneLine(db, dialed);
  const body: IvrLookupInput =
    input.ivr === 0
      ? { ivr: 0, type: 1, invoice_id: input.invoiceId, merchant_cid: input.caller }
      : { ivr: 1, type: 1, order_id: input.orderId, amount: input.amount, merchant_cid: input.caller, trunk_id: '' };
  return lookupFor(db, line, body, now);
}

export type SandboxLookupInput = { ivr: 0; invoiceId: string; caller: string } | { ivr: 1; orderId: string; amount: bigint; caller: string };

async function lookupFor(db: Db, c: Caller | null, input: IvrLookupInput, now: Date): Promise<LookupAnswer> {
  const mode = input.ivr === 0 ? ('invoice' as const) : ('ivr_to_ivr' as const);
  const caller = input.merchant_cid;
  const answer = async (code: LookupErrorCode, invoiceId?: string | null): Promise<LookupAnswer> => {
    await logLookup(db, { platformId: c?.platform.id ?? null, invoiceId, caller, mode, code });
    return { ok: false, code };
  };
  if (!c) {
    await answer(1);
    return { ok: false, code: 1, unauthenticated: true };
  }
  const { settings, platform } = c;
  const usable = c.serviceStatus === 'active' && (platform.status === 'approved' || platform.status === 'pending');
  if (!usable) return answer(1);
  if (await callerBlocked(db, settings, caller, now)) return answer(5);

  const livemode = platform.status === 'approved';
  let invoice: IvrInvoice | undefined;
  if (input.ivr === 0) {
    const code = input.invoice_id;
    if (/^\d{1,20}$/.test(code)) {
      [invoice] = await db
        .select()
        .from(ivrInvoices)
        .where(
          and(eq(ivrInvoices.platformId, platform.id), eq(ivrInvoices.trackingCode, code), eq(ivrInvoices.rail, 'sandbox'), eq(ivrInvoices.mode, 'invoice')),
        );
    }
    if (!invoice) return answer((await strike(db, settings, caller, now)) ? 2 : 5);
    // A live invoice on the sandbox bank (made before a switch to production) is not payable there.
    if (invoice.livemode && !sandboxLiveAllowed()) return answer(1, invoice.id);
  } else {
    if (livemode && !sandboxLiveAllowed()) return answer(1);
    invoice = await ivrToIvrOrder(db, settings, { orderId: input.order_id, amount: input.amount, livemode, caller }, now);
    if (invoice.amount !== input.amount || invoice.mode !== 'ivr_to_ivr') return answer(2, invoice.id);
  }

  const outcome = await db.transaction(async (tx): Promise<{ code: LookupErrorCode } | { payment: Payment }> => {
    const [inv] = await tx.select().from(ivrInvoices).where(eq(ivrInvoices.id, invoice.id)).for('update');
    if (inv.state === 'canceled') return { code: 2 };
    const [current] = inv.paymentId ? await tx.select().from(payments).where(eq(payments.id, inv.paymentId)) : [];
    if (current?.state === 'succeeded') return { code: 3 };
    if (now >= inv.expiresAt) return { code: 4 };
    if (current && PAYMENT_OPEN.includes(current.state)) {
      await tx
        .update(ivrInvoices)
        .set({ lookups: sql`${ivrInvoices.lookups} + 1`, callerNumber: caller })
        .where(eq(ivrInvoices.id, inv.id));
      return { payment: current };
    }
    // The cap was reached and its last failure counted: nothing more to count.
    if (inv.failedPayments >= settings.invoiceFailCap) return { code: 5 };
    // A declined payment counts against the invoice; a call abandoned at the bank does not.
    const failedPayments = inv.failedPayments + (current?.state === 'failed' ? 1 : 0);
    if (failedPayments >= settings.invoiceFailCap) {
      await tx.update(ivrInvoices).set({ failedPayments }).where(eq(ivrInvoices.id, inv.id));
      return { code: 5 };
    }
    // Every payment of an invoice is made by a look-up, so the look-ups so far number it uniquely;
    // an order id too long for its number leaves the payment its tracking code.
    const nth = current ? inv.lookups + 1 : 1;
    const numbered = `${inv.orderId}/${nth}`;
    let payment: Payment;
    try {
      // In a savepoint: a taken order id must not abort the look-up's transaction.
      payment = await tx.transaction((sp) =>
        createPayment(sp, {
          platformId: platform.id,
          source: 'ivr',
          livemode: inv.livemode,
          amount: inv.amount,
          orderId: nth === 1 ? inv.orderId : numbered.length <= 64 ? numbered : undefined,
          payerName: inv.customerName,
          payerPhone: caller.includes('*') ? null : caller,
          payerMobile: inv.phone ? normalizeMobile(inv.phone) : null,
          description: null,
        }),
      );
    } catch (e) {
      if (!(e instanceof DuplicateOrderError)) throw e;
      // The order id was used by another payment of the platform: this attempt gets its own.
      payment = await createPayment(tx, { platformId: platform.id, source: 'ivr', livemode: inv.livemode, amount: inv.amount, payerName: inv.customerName });
    }
    await tx
      .update(ivrInvoices)
      .set({ paymentId: payment.id, failedPayments, lookups: sql`${ivrInvoices.lookups} + 1`, callerNumber: caller })
      .where(eq(ivrInvoices.id, inv.id));
    return { payment };
  });
  if ('code' in outcome) return answer(outcome.code, invoice.id);
  let payment = outcome.payment;
  if (payment.state === 'created') {
    // The bank's side of the call: a session on the sandbox bank's IVR for this transaction.
    const started = await startPayment(db, payment.id, 'sandbox', publicBaseUrl());
    if (!started.ok) return answer(1, invoice.id);
    [payment] = await db.select().from(payments).where(eq(payments.id, payment.id));
  }
  await logLookup(db, { platformId: platform.id, invoiceId: invoice.id, caller, mode, code: 0 });
  const transactionId = Number(payment.trackingCode);
  const price = invoice.amount.toString();
  return {
    ok: true,
    transactionId,
    merchantId: settings.merchantNumber,
    price,
    sip: { 'CALLERID(all)': `${platform.address.replace(/\D/g, '')}*${settings.merchantNumber}*${transactionId}`, Amount: price },
    invoiceId: invoice.id,
    paymentId: payment.id,
  };
}

/** The IVR-to-IVR order of the merchant's own phone menu: made once per order id, found again after. */
async function ivrToIvrOrder(
  db: Db,
  s: IvrSettings,
  o: { orderId: string; amount: bigint; livemode: boolean; caller: string },
  now: Date,
): Promise<IvrInvoice> {
  const where = and(eq(ivrInvoices.platformId, s.platformId), eq(ivrInvoices.livemode, o.livemode), eq(ivrInvoices.orderId, o.orderId));
  const [found] = await db.select().from(ivrInvoices).where(where);
  if (found) return found;
  for (let i = 0; i < 8; i++) {
    const [made] = await db
      .insert(ivrInvoices)
      .values({
        platformId: s.platformId,
        mode: 'ivr_to_ivr',
        rail: 'sandbox',
        livemode: o.livemode,
        amount: o.amount,
        orderId: o.orderId,
        trackingCode: generateInvoiceCode(dammDigit),
        callerNumber: o.caller,
        expiresAt: new Date(now.getTime() + s.invoiceTtlMinutes * 60_000),
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (made) return made;
    const [raced] = await db.select().from(ivrInvoices).where(where);
    if (raced) return raced;
    // The tracking code was taken: try another.
  }
  throw new Error('Could not allot an IVR tracking code');
}

// ————————————————————————————————————————————————— the sandbox bank's IVR

export type BankIvrOutcome =
  | { ok: true; outcome: 'paid' | 'declined' | 'pending'; trackingCode: string; reason?: string | null; bankRef?: string | null }
  | { ok: false; error: 'notFound' | 'amountMismatch' | 'wrongPin' | 'cardInvalid' | 'alreadyDone' };

/**
 * The sandbox bank's IVR, where the call lands after the look-up: the caller keys the card and
 * its PIN; the bank takes the money and tells Dargah server to server (the callback), and the
 * payment succeeds only through verify. The "answers twice" card delivers its result twice at
 * once, as some banks do.
 */
export async function payByBankIvr(db: Db, input: BankIvrPayInput): Promise<BankIvrOutcome> {
  const [row] = await db
    .select({ payment: payments })
    .from(payments)
    .innerJoin(ivrSettings, eq(ivrSettings.platformId, payments.platformId))
    .where(
      and(
        eq(ivrSettings.merchantNumber, input.merchant_id),
        eq(payments.trackingCode, input.transaction_id),
        eq(payments.source, 'ivr'),
        eq(payments.gateway, 'sandbox'),
      ),
    );
  const p = row?.payment;
  // Never a live payment where the sandbox bank may not run live (production).
  if (!p || !p.gatewayToken || (p.livemode && !sandboxLiveAllowed())) return { ok: false, error: 'notFound' };
  if (p.amount !== input.amount) return { ok: false, error: 'amountMismatch' };
  // A payment closed meanwhile (the janitor closed an abandoned call) is not charged: Dargah would never credit it.
  if (p.state !== 'redirected') return { ok: false, error: 'alreadyDone' };
  if (!/^\d{4,12}$/.test(input.pin)) return { ok: false, error: 'wrongPin' };
  const paid = await sandboxPay(db, { token: p.gatewayToken, card: input.card });
  if (!paid.ok) return { ok: false, error: paid.error === 'cardInvalid' ? 'cardInvalid' : paid.error === 'alreadyDone' ? 'alreadyDone' : 'notFound' };
  const params = { token: p.gatewayToken, status: new URL(paid.data.callbackUrl).searchParams.get('status') ?? '' };
  const results = await Promise.all(Array.from({ length: paid.data.twice ? 2 : 1 }, () => handleCallback(db, 'sandbox', params)));
  const [now] = await db.select().from(payments).where(eq(payments.id, p.id));
  void results;
  const outcome = now.state === 'succeeded' ? 'paid' : now.state === 'failed' || now.state === 'canceled' ? 'declined' : 'pending';
  return { ok: true, outcome, trackingCode: now.trackingCode, reason: now.failureReason, bankRef: now.gatewayRef };
}

// ————————————————————————————————————————————————— PayStar's rail

/**
 * The poller (pg-boss, every minute): asks PayStar for the result of open rail invoices whose
 * time has come, with back-off (1, 2, 4 … 15 minutes), until a day past their expiry. A paid
 * answer moves the invoice's payment to the bank's hands and verifies it like any payment
 * (amount match; silence → unknown, and the payments janitor asks again).
 */
export async function pollRailInvoices(db: Db, now = new Date()): Promise<{ polled: number; paid: number }> {
  const { asked } = await finishCreatingInvoices(db, now);
  const r = await pollOpenRailInvoices(db, now);
  return { polled: r.polled + asked, paid: r.paid };
}

async function pollOpenRailInvoices(db: Db, now: Date): Promise<{ polled: number; paid: number }> {
  const due = await db
    .select({ invoice: ivrInvoices, payment: payments })
    .from(ivrInvoices)
    .innerJoin(payments, eq(payments.id, ivrInvoices.paymentId))
    .where(
      and(
        eq(ivrInvoices.rail, 'paystar'),
        eq(ivrInvoices.state, 'open'),
        lte(ivrInvoices.nextPollAt, now),
        eq(payments.state, 'created'),
        gt(ivrInvoices.expiresAt, new Date(now.getTime() - 24 * 3600_000)),
      ),
    )
    .orderBy(ivrInvoices.nextPollAt)
    .limit(50);
  if (!due.length) {
    await closeExpiredRailInvoices(db, now);
    return { polled: 0, paid: 0 };
  }
  const client = await ivrRail(db, 'poll');
  if (!client) return { polled: 0, paid: 0 };
  let paid = 0;
  for (const { invoice, payment } of due) {
    const polls = invoice.polls + 1;
    const delayMs = Math.min(15 * 60_000, 2 ** Math.min(polls - 1, 4) * 60_000);
    // Claim the poll first, so two workers do not ask twice at once.
    const [claimed] = await db
      .update(ivrInvoices)
      .set({ polls, nextPollAt: new Date(now.getTime() + delayMs) })
      .where(and(eq(ivrInvoices.id, invoice.id), eq(ivrInvoices.polls, invoice.polls)))
      .returning();
    if (!claimed) continue;
    const answer = await client.result(invoice.trackingCode);
    await db.insert(paymentAttempts).values({
      paymentId: payment.id,
      action: 'result',
      outcome: answer.status,
      reason: answer.status === 'declined' || answer.status === 'unknown' ? answer.reason.slice(0, 300) : null,
      request: plain(answer.log.request),
      response: plain(answer.log.response),
      latencyMs: answer.log.latencyMs,
    });
    if (answer.status !== 'paid') continue;
    // The result inquiry is the rail's verify: its answer is applied by the verify rules of every
    // payment, in one conditional move from created — the amount must match. (The rail's Gateway,
    // lib/gateways' paystar-ivr, answers the same inquiry for anything the janitor asks later.)
    if (answer.amount !== payment.amount) {
      const reason = `Amount mismatch: the bank says ${answer.amount}, the payment is ${payment.amount}`;
      await fail(db, payment, reason, {
        from: ['created'],
        alert: { kind: 'amount_mismatch', message: `${reason} (payment ${payment.trackingCode}, bank ref ${answer.ref})` },
      });
    } else {
      const moved = await succeed(db, payment, { ref: answer.ref, cardMasked: answer.cardMasked }, ['created']);
      if (moved.moved) paid++;
    }
    // Final: nothing more to ask (and the poll index keeps only what is still waiting).
    await db.update(ivrInvoices).set({ nextPollAt: null }).where(eq(ivrInvoices.id, invoice.id));
  }
  await closeExpiredRailInvoices(db, now);
  return { polled: due.length, paid };
}

/** Rail invoices a day past their expiry with nothing paid: their payment is closed as canceled. */
async function closeExpiredRailInvoices(db: Db, now: Date) {
  const stale = await db
    .select({ invoiceId: ivrInvoices.id, payment: payments })
    .from(ivrInvoices)
    .innerJoin(payments, eq(payments.id, ivrInvoices.paymentId))
    .where(
      and(
        eq(ivrInvoices.rail, 'paystar'),
        eq(ivrInvoices.state, 'open'),
        isNotNull(ivrInvoices.nextPollAt),
        lt(ivrInvoices.expiresAt, new Date(now.getTime() - 24 * 3600_000)),
      ),
    )
    .limit(100);
  for (const { invoiceId, payment } of stale) {
    if (payment.state === 'created') await fail(db, payment, 'The invoice expired unpaid', { state: 'canceled', from: ['created'] });
    await db.update(ivrInvoices).set({ nextPollAt: null }).where(eq(ivrInvoices.id, invoiceId));
  }
}

// ————————————————————————————————————————————————— staff

/** Look-ups per platform and answer code since a moment: a spike of code 5 is someone guessing. */
export async function lookupStats(db: DbOrTx, actor: StaffActor, since: Date) {
  assertStaff(actor);
  const rows = await db
    .select({
      platformId: ivrLookups.platformId,
      platformName: platforms.name,
      merchantId: platforms.userId,
      code: ivrLookups.code,
      n: sql<number>`count(*)::int`,
    })
    .from(ivrLookups)
    .leftJoin(platforms, eq(platforms.id, ivrLookups.platformId))
    .where(gt(ivrLookups.at, since))
    .groupBy(ivrLookups.platformId, platforms.name, platforms.userId, ivrLookups.code);
  const byPlatform = new Map<
    string,
    { platformId: string | null; platformName: string | null; merchantId: string | null; total: number; codes: Record<number, number> }
  >();
  for (const r of rows) {
    const key = r.platformId ?? 'none';
    const entry = byPlatform.get(key) ?? { platformId: r.platformId, platformName: r.platformName, merchantId: r.merchantId, total: 0, codes: {} };
    entry.total += r.n;
    entry.codes[r.code] = (entry.codes[r.code] ?? 0) + r.n;
    byPlatform.set(key, entry);
  }
  return [...byPlatform.values()].sort((a, b) => (b.codes[5] ?? 0) - (a.codes[5] ?? 0) || b.total - a.total);
}

/** Staff choose where a platform's phone payments run: the sandbox bank's IVR or PayStar's. */
export async function setIvrRail(db: Db, actor: StaffActor, platformId: string, rail: IvrSettings['rail']): Promise<Result<IvrSettingsView, 'notFound'>> {
  assertStaffMay(actor, 'ivr');
  const platform = await ivrPlatformOf(db, actor, platformId);
  if (!platform) return err('notFound');
  return db.transaction(async (tx) => {
    const before = await ensureIvrSettings(tx, platform.id);
    const [after] = await tx.update(ivrSettings).set({ rail, updatedAt: new Date() }).where(eq(ivrSettings.platformId, platform.id)).returning();
    await audit(tx, actor, {
      action: 'set_ivr_rail',
      objectType: 'ivr_settings',
      objectId: platform.id,
      merchantId: platform.userId,
      before: { rail: before.rail },
      after: { rail },
    });
    return ok(settingsView(after));
  });
}
