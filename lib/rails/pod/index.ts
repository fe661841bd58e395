import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { payments, splitInvoices } from '@/db/schema';
import { connectorPolicy, connectorSettings } from '@/lib/connectors';
import type { CallLog } from '@/lib/gateways/types';
import { checkOutboundUrl } from '@/lib/net/url';
import { podClient, type PodClient } from './client';
import type { PodFailure, PodInvoice, PodItemVO } from './types';

export { podClient, podForm, type InvoiceQuery, type PaymentLinkInput, type PodClient, type PodConfig } from './client';
export { answerOfInvoice, POD_CALLBACK_PARAM, podGateway, type PodGatewayDeps } from './gateway';
export * from './types';

/**
 * The POD rail as the split-invoice domain uses it: a client built from the `pod` connector, and
 * the mirror of one of our split invoices on POD (issueMultiInvoice).
 */

/**
 * A client on what the `pod` connector holds now (staff's values, else POD_*), or null while it is
 * not configured or points where this deployment may not call. `enabled` false: staff switched it
 * off; issue nothing new, but invoices already on POD are still confirmed, closed and canceled.
 */
export async function podRail(db: DbOrTx): Promise<(PodClient & { enabled: boolean }) | null> {
  if (railOverride) return Object.assign(railOverride, { enabled: true });
  const s = await connectorSettings(db, 'pod');
  if (!s) return null;
  const policy = connectorPolicy();
  if (!checkOutboundUrl(s.baseUrl, policy).ok || !checkOutboundUrl(s.payBaseUrl, policy).ok) return null;
  const client = podClient({ baseUrl: s.baseUrl, payBaseUrl: s.payBaseUrl, sandbox: s.sandbox, token: s.token, apiKey: s.apiKey, timeoutMs: s.timeoutMs });
  return Object.assign(client, { enabled: s.enabled });
}

let railOverride: PodClient | null = null;

/** Tests point the rail at a local fake POD without touching the shared connector row. */
export function setPodRailForTests(client: PodClient | null): void {
  railOverride = client;
}

type InvoiceLookup = (db: DbOrTx, orderId: string) => Promise<string | null>;
let invoiceLookup: InvoiceLookup | null = null;

/** The split-invoice domain says which POD invoice a payment (by its tracking code) pays; the `pod` gateway asks it. */
export function setPodInvoiceLookup(fn: InvoiceLookup | null): void {
  invoiceLookup = fn;
}

/**
 * The POD customer-invoice id a payment pays (by the payment's tracking code, the gateway's order
 * id), or null: the split invoice it pays holds it. Tests may put a lookup of their own first.
 */
export async function podInvoiceIdOf(db: DbOrTx, orderId: string): Promise<string | null> {
  if (invoiceLookup) return invoiceLookup(db, orderId);
  const [row] = await db
    .select({ pod: splitInvoices.podInvoiceId })
    .from(splitInvoices)
    .innerJoin(payments, and(eq(payments.id, splitInvoices.paymentId), eq(payments.trackingCode, orderId)));
  return row?.pod ?? null;
}

// ---------------------------------------------------------------- mirroring a split invoice

/** One of our invoice lines: the line is `unitPrice × quantity − discount` Rials. */
export type SplitLine = { description: string; unitPrice: bigint; quantity: number; discount?: bigint };

export type MirrorSplitInput = {
  /** Our bill number; POD refuses a second invoice with it for the same business. */
  billNumber: string;
  verificationNeeded: boolean;
  /** Where POD's own invoice page sends the payer back (optional; payments carry their own). */
  redirectUrl?: string | null;
  /** Shown to the payer on the customer invoice. */
  customerDescription?: string | null;
  main: { guildCode: string; description?: string | null; items: SplitLine[] };
  subs: { podBusinessId: number | string; guildCode: string; description?: string | null; items: SplitLine[] }[];
  customerItems: SplitLine[];
};

export type MirrorResult =
  | {
      ok: true;
      /** The main invoice's id: POD's id of the whole split group. */
      podInvoiceId: string;
      /** The invoice the payer pays (and, per POD's document, the one to verify, cancel and close). */
      customerInvoiceId: string;
      /** The customer invoice's unique number (for the bank-gateway payment link), if POD gave one. */
      uniqueNumber: string | null;
      referenceNumber: string | null;
      /** POD held it already under our bill number (issued by an attempt whose commit was lost). */
      adopted?: true;
      log: CallLog;
    }
  | PodFailure
  | { ok: false; kind: 'invalid'; reason: string; log: CallLog };

const MAX_RIALS = BigInt(Number.MAX_SAFE_INTEGER);
const DESCRIPTION_MAX = 200;

/**
 * Our lines as POD's. POD's request line has no discount (a line is `price × quantity`), and its
 * price must be a positive whole number, so a discount is folded into the price:
 * - no discount: the line as it is;
 * - a discount the quantity divides: the discounted unit price, same quantity;
 * - any other discount: one line of quantity 1 at the line's net total, its description ending
 *   "(× quantity)" so the payer still sees how many.
 * A line whose net is zero (given away) is left out: POD takes no zero price. Every total stays
 * exactly ours.
 */
export function podItems(lines: SplitLine[], where: string): { ok: true; items: PodItemVO[]; total: bigint } | { ok: false; reason: string } {
  const items: PodItemVO[] = [];
  let total = 0n;
  for (const [i, l] of lines.entries()) {
    const discount = l.discount ?? 0n;
    const q = BigInt(l.quantity);
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) return { ok: false, reason: `${where}[${i}]: quantity must be a whole number ≥ 1` };
    if (l.unitPrice < 0n || discount < 0n || discount > l.unitPrice * q) return { ok: false, reason: `${where}[${i}]: price or discount out of range` };
    const net = l.unitPrice * q - discount;
    total += net;
    if (net === 0n) continue;
    if (net > MAX_RIALS) return { ok: false, reason: `${where}[${i}]: amount too large for POD` };
    const description = l.description.slice(0, DESCRIPTION_MAX);
    if (discount === 0n) items.push({ productId: 0, price: Number(l.unitPrice), quantity: l.quantity, description });
    else if (net % q === 0n) items.push({ productId: 0, price: Number(net / q), quantity: l.quantity, description });
    else items.push({ productId: 0, price: Number(net), quantity: 1, description: `${description.slice(0, DESCRIPTION_MAX - 24)} (× ${l.quantity})` });
  }
  if (!items.length) return { ok: false, reason: `${where}: no line with an amount` };
  return { ok: true, items, total };
}

/**
 * Mirrors one split invoice on POD (issueMultiInvoice) and returns POD's ids, or why not. Checked
 * here before anything is sent: every part has a positive total and the sum rule holds (main + subs
 * = customer), so POD refuses only what only it can know (permissions, a used bill number).
 * Unreachable means the invoice may exist: look it up with `getInvoiceList({ billNumber })` before
 * issuing again.
 */
export async function mirrorSplitInvoice(client: PodClient, input: MirrorSplitInput): Promise<MirrorResult> {
  const invalid = (reason: string): MirrorResult => ({
    ok: false,
    kind: 'invalid',
    reason,
    log: { request: { skipped: reason }, response: null, latencyMs: 0 },
  });
  const main = podItems(input.main.items, 'main.items');
  if (!main.ok) return invalid(main.reason);
  const subs = [];
  for (const [i, s] of input.subs.entries()) {
    const items = podItems(s.items, `subs[${i}].items`);
    if (!items.ok) return invalid(items.reason);
    const businessId = Number(s.podBusinessId);
    if (!Number.isSafeInteger(businessId) || businessId <= 0) return invalid(`subs[${i}].podBusinessId: not a POD business id`);
    subs.push({
      vo: { businessId, guildCode: s.guildCode, ...(s.description ? { description: s.description } : {}), invoiceItemVOs: items.items },
      total: items.total,
    });
  }
  const customer = podItems(input.customerItems, 'customerItems');
  if (!customer.ok) return invalid(customer.reason);
  const shares = main.total + subs.reduce((sum, s) => sum + s.total, 0n);
  if (shares !== customer.total) return invalid(`the customer total (${customer.total}) is not main + subs (${shares})`);

  const r = await client.issueMultiInvoice({
    currencyCode: 'IRR',
    verificationNeeded: input.verificationNeeded,
    ...(input.redirectUrl ? { redirectURL: input.redirectUrl } : {}),
    ...(input.customerDescription ? { customerDescription: input.customerDescription } : {}),
    mainInvoice: {
      guildCode: input.main.guildCode,
      billNumber: input.billNumber,
      ...(input.main.description ? { description: input.main.description } : {}),
      invoiceItemVOs: main.items,
    },
    subInvoices: subs.map((s) => s.vo),
    customerInvoiceItemVOs: customer.items,
  });
  if (!r.ok) {
    if (r.kind !== 'error') return r;
    // A refusal may be POD's "bill number used before" for an invoice we issued ourselves, in a
    // request whose own transaction was then lost (a process killed before its commit): that
    // invoice is this one, and is adopted rather than refused forever.
    const adopted = await issuedBefore(client, input.billNumber, {
      guildCode: input.main.guildCode,
      main: main.total,
      customer: customer.total,
      subs: subs.map((x) => ({ businessId: x.vo.businessId, total: x.total })),
    });
    return adopted ? { ...adopted, log: r.log } : r;
  }
  const customerInvoice = r.result.customerInvoice;
  if (!customerInvoice || typeof customerInvoice.id !== 'number') {
    return { ok: false, kind: 'unreachable', reason: 'POD issued the invoice without a customer invoice', log: r.log };
  }
  return {
    ok: true,
    podInvoiceId: String(r.result.id),
    customerInvoiceId: String(customerInvoice.id),
    uniqueNumber: customerInvoice.uniqueNumber ?? null,
    referenceNumber: r.referenceNumber,
    log: r.log,
  };
}

/** Rials of a POD invoice: its lines' total (amount × quantity − discount), which is what we sent. */
function podTotal(inv: PodInvoice | undefined): bigint | null {
  if (!inv?.invoiceItemSrvs) return typeof inv?.totalAmount === 'number' && Number.isSafeInteger(inv.totalAmount) ? BigInt(inv.totalAmount) : null;
  let t = 0n;
  for (const it of inv.invoiceItemSrvs) {
    if (![it.amount, it.quantity, it.discount ?? 0].every(Number.isSafeInteger)) return null;
    t += BigInt(it.amount) * BigInt(it.quantity) - BigInt(it.discount ?? 0);
  }
  return t;
}

/**
 * The split group POD already holds under our bill number, if it is exactly the one we asked for:
 * a main invoice (not canceled) of the same guild and total, its customer invoice of the same total,
 * and the same beneficiaries' businesses with the same shares. Anything else is not ours to adopt
 * (the refusal stands).
 */
async function issuedBefore(
  client: PodClient,
  billNumber: string,
  want: { guildCode: string; main: bigint; customer: bigint; subs: { businessId: number; total: bigint }[] },
): Promise<Omit<Extract<MirrorResult, { ok: true }>, 'log'> | null> {
  const found = await client.getInvoiceList({ billNumber }, { size: 5 });
  if (!found.ok) return null;
  const key = (xs: { businessId: number; total: bigint }[]) =>
    xs
      .map((x) => `${x.businessId}:${x.total}`)
      .sort()
      .join(',');
  for (const inv of found.result) {
    const customer = inv.customerInvoice;
    if (inv.subInvoice || inv.canceled || inv.billNumber !== billNumber || !customer || typeof customer.id !== 'number') continue;
    if (inv.guildSrv?.code !== undefined && inv.guildSrv.code !== want.guildCode) continue;
    if (podTotal(inv) !== want.main || podTotal(customer) !== want.customer) continue;
    const subs = (inv.subInvoices ?? []).map((x) => ({ businessId: x.business?.id ?? -1, total: podTotal(x) ?? -1n }));
    if (key(subs) !== key(want.subs)) continue;
    return {
      ok: true,
      podInvoiceId: String(inv.id),
      customerInvoiceId: String(customer.id),
      uniqueNumber: customer.uniqueNumber ?? null,
      referenceNumber: inv.referenceNumber ?? null,
      adopted: true,
    };
  }
  return null;
}
