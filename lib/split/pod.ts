import { and, eq, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { splitInvoices, type SplitBeneficiary, type SplitInvoice, type SplitItem } from '@/db/schema';
import { mirrorSplitInvoice, podErrorMeaning, podRail, type PodFailure } from '@/lib/rails/pod';
import type { CreateSplitInvoiceInput, SplitItemInput } from './schemas';

/**
 * A marketplace on POD's rail: its live invoices are mirrored on POD (issueMultiInvoice), the buyer
 * pays on POD's page (the `pod` gateway confirms it by POD's invoice list, never by the redirect),
 * and closing, verifying and canceling are done on POD first, then here. Every POD reference
 * number is kept on the invoice for support.
 */

export type PodRefusal = { kind: 'unavailable' | 'refused'; podCode?: number; reason: string };

const lines = (items: SplitItemInput[]) =>
  items.map((it) => ({ description: it.description, unitPrice: it.unitPrice, quantity: it.quantity, discount: it.discount }));

function refusal(r: PodFailure | { ok: false; kind: 'invalid'; reason: string }): PodRefusal {
  if (r.kind === 'unreachable') return { kind: 'unavailable', reason: r.reason };
  if (r.kind === 'invalid') return { kind: 'refused', reason: r.reason };
  // POD lost its own answer: the call may have worked, so it is not a refusal to act on.
  if (podErrorMeaning(r.podCode).outcomeUnknown) return { kind: 'unavailable', podCode: r.podCode, reason: r.message };
  return { kind: 'refused', podCode: r.podCode, reason: r.message };
}

/** Issues the invoice on POD; the sub-invoices name each beneficiary's POD business. */
export async function mirrorOnPod(
  db: DbOrTx,
  input: CreateSplitInvoiceInput,
  ctx: { guildCode: string; beneficiaries: Map<string, SplitBeneficiary> },
): Promise<{ ok: true; podInvoiceId: string; reference: string | null } | { ok: false; refusal: PodRefusal }> {
  const client = await podRail(db);
  if (!client || !client.enabled) return { ok: false, refusal: { kind: 'unavailable', reason: 'POD is not configured' } };
  const r = await mirrorSplitInvoice(client, {
    billNumber: input.billNumber,
    verificationNeeded: input.verificationNeeded,
    redirectUrl: input.callbackUrl,
    customerDescription: input.description,
    main: { guildCode: ctx.guildCode, description: input.mainInvoice.description, items: lines(input.mainInvoice.items) },
    subs: input.subInvoices.map((s) => {
      const b = ctx.beneficiaries.get(s.beneficiaryId)!;
      return { podBusinessId: b.podBusinessId!, guildCode: b.guildCode ?? ctx.guildCode, description: s.description, items: lines(s.items) };
    }),
    customerItems: lines(input.customerInvoiceItems),
  });
  if (!r.ok) return { ok: false, refusal: refusal(r) };
  // An invoice POD already held under the bill number (adopted after a lost commit) must not be one
  // another of our invoices stands for. The bill number is the merchant's, unique only within its
  // marketplace, and every marketplace issues under our one POD business: one of our POD invoices
  // of any marketplace with this bill number (this marketplace's own was refused as a duplicate
  // above us) means the group POD holds is that one's, not a lost first try of this one. Two racing
  // adoptions are stopped by split_invoices_pod_invoice_key at the insert.
  const [taken] = r.adopted
    ? await db
        .select({ id: splitInvoices.id })
        .from(splitInvoices)
        .where(
          or(
            eq(splitInvoices.podInvoiceId, r.customerInvoiceId),
            and(eq(splitInvoices.rail, 'pod'), eq(splitInvoices.livemode, true), eq(splitInvoices.billNumber, input.billNumber)),
          ),
        )
        .limit(1)
    : [];
  if (taken) return { ok: false, refusal: { kind: 'refused', reason: 'POD holds this bill number for another invoice' } };
  // The customer invoice is the one the buyer pays, and the one POD closes.
  return { ok: true, podInvoiceId: r.customerInvoiceId, reference: r.referenceNumber };
}

/** Close, verify or cancel on POD. A close POD says was already done (45) is done. */
export async function actOnPod(db: Db, invoice: SplitInvoice, op: 'close' | 'verify' | 'cancel'): Promise<{ ok: true } | { ok: false; refusal: PodRefusal }> {
  if (!invoice.podInvoiceId) return { ok: true };
  const client = await podRail(db);
  if (!client) return { ok: false, refusal: { kind: 'unavailable', reason: 'POD is not configured' } };
  const r = await (op === 'close'
    ? client.closeInvoice(invoice.podInvoiceId)
    : op === 'verify'
      ? client.verifyInvoice(invoice.podInvoiceId)
      : client.cancelInvoice(invoice.podInvoiceId));
  const reference = 'referenceNumber' in r ? r.referenceNumber : null;
  if (reference) await keepReference(db, invoice.id, reference);
  if (r.ok || (op === 'close' && r.kind === 'error' && r.podCode === 45)) return { ok: true };
  return { ok: false, refusal: refusal(r) };
}

export async function keepReference(db: DbOrTx, invoiceId: string, reference: string) {
  const [inv] = await db.select({ refs: splitInvoices.podReferences }).from(splitInvoices).where(eq(splitInvoices.id, invoiceId));
  if (inv && !inv.refs.includes(reference))
    await db
      .update(splitInvoices)
      .set({ podReferences: [...inv.refs, reference].slice(-50) })
      .where(eq(splitInvoices.id, invoiceId));
}

export type { SplitItem };
