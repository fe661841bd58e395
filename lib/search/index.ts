import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, payments, platforms, users } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { normalizeMobile } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * The global search of the header: one term finds payments (link, API, invoice… and deposit slips)
 * by tracking code, order id, payer mobile, bank reference, slip number or card's last four. A
 * merchant finds only its own (the Actor's platforms), staff everyone's. Each kind is one indexed
 * equality lookup, newest first and capped, so a search costs a few short index scans at any size.
 */
export const SEARCH_LIMIT = 20;
export const SEARCH_MAX_LENGTH = 64;

export type SearchKind = 'tracking' | 'order' | 'mobile' | 'reference' | 'slip' | 'card';
export type SearchProbe = { kind: SearchKind; value: string };

/**
 * The term as typed, tidied: Persian/Arabic digits to ASCII, direction marks and zero-width
 * characters gone, spaces trimmed. Null when nothing is left, it is too long, or it holds control
 * characters (which PostgreSQL refuses or which have no place in a search).
 */
export function readTerm(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = toAsciiDigits(raw)
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .trim();
  if (!s || s.length > SEARCH_MAX_LENGTH) return null;
  if (/[\u0000-\u001f\u007f]/.test(s)) return null;
  return s;
}

/**
 * What a term may be. Order ids, bank references and slip numbers are free text chosen by others,
 * so every term is tried as those; a term shaped like a tracking code, a mobile or four digits is
 * also tried as that.
 */
export function probesOf(term: string): SearchProbe[] {
  const probes: SearchProbe[] = [];
  // Digits read out in groups ("1234 5678 901", "0912-123-4567") are one number.
  const compact = /^[\d\s-]+$/.test(term) ? term.replace(/[\s-]/g, '') : term;
  if (/^[1-9]\d{10}$/.test(compact)) probes.push({ kind: 'tracking', value: compact });
  const mobile = normalizeMobile(term);
  if (mobile) probes.push({ kind: 'mobile', value: mobile });
  // "1234", "*1234", "603799******1234": the last four of a card.
  const card = /^(?:\d{6})?\**(\d{4})$/.exec(compact);
  if (card && (compact.length === 4 || compact.includes('*'))) probes.push({ kind: 'card', value: card[1] });
  probes.push({ kind: 'order', value: term });
  if (compact !== term) probes.push({ kind: 'order', value: compact });
  if (term.length <= 120) probes.push({ kind: 'reference', value: compact });
  if (compact.length <= 40) probes.push({ kind: 'slip', value: compact });
  return probes;
}

export type SearchHit = {
  id: string;
  trackingCode: string;
  orderId: string;
  amount: bigint;
  currency: string;
  state: (typeof payments.$inferSelect)['state'];
  source: (typeof payments.$inferSelect)['source'];
  method: (typeof payments.$inferSelect)['method'];
  livemode: boolean;
  createdAt: Date;
  payerName: string | null;
  payerMobile: string | null;
  cardMasked: string | null;
  gatewayRef: string | null;
  slipNumber: string | null;
  platformName: string;
  /** Staff only: whose payment it is. */
  merchantName: string | null;
  /** Which kinds of the term matched this payment. */
  matched: SearchKind[];
};

function conditionOf(p: SearchProbe): SQL {
  switch (p.kind) {
    case 'tracking':
      return eq(payments.trackingCode, p.value);
    case 'order':
      return eq(payments.orderId, p.value);
    case 'mobile':
      return eq(payments.payerMobile, p.value);
    case 'reference':
      return eq(payments.gatewayRef, p.value);
    case 'slip':
      return eq(depositSlips.slipNumber, p.value);
    case 'card':
      // The same expression as the index `payments_card_last4_created_idx`.
      return and(sql`${payments.cardMasked} is not null`, sql`right(${payments.cardMasked}, 4) = ${p.value}`)!;
  }
}

/**
 * The payments matching a raw term, newest first, at most SEARCH_LIMIT. A merchant's own platforms
 * are read first: with that short list every lookup is an index range per platform (the order id
 * through the platform's unique key), and another merchant's row cannot come back.
 */
export async function searchPayments(db: Db, actor: MerchantActor | StaffActor, raw: unknown): Promise<{ term: string | null; hits: SearchHit[] }> {
  const term = readTerm(raw);
  if (!term) return { term: null, hits: [] };
  const staff = actor.kind === 'staff';
  let own: string[] | null = null;
  if (actor.kind === 'merchant') {
    own = (await db.select({ id: platforms.id }).from(platforms).where(eq(platforms.userId, actor.merchantId))).map((r) => r.id);
    if (!own.length) return { term, hits: [] };
  }
  const probes = probesOf(term);
  const found = await Promise.all(
    probes.map(async (p) => {
      const conds: SQL[] = [conditionOf(p)];
      if (own) {
        conds.push(inArray(payments.platformId, own));
        // Lets the order id use the platform's unique key (platform, livemode, order id).
        if (p.kind === 'order') conds.push(inArray(payments.livemode, [true, false]));
      }
      const rows = await db
        .select({
          payment: {
            id: payments.id,
            trackingCode: payments.trackingCode,
            orderId: payments.orderId,
            amount: payments.amount,
            currency: payments.currency,
            state: payments.state,
            source: payments.source,
            method: payments.method,
            livemode: payments.livemode,
            createdAt: payments.createdAt,
            payerName: payments.payerName,
            payerMobile: payments.payerMobile,
            cardMasked: payments.cardMasked,
            gatewayRef: payments.gatewayRef,
          },
          slipNumber: depositSlips.slipNumber,
          platformName: platforms.name,
          merchantFirst: users.firstName,
          merchantLast: users.lastName,
        })
        .from(payments)
        .innerJoin(platforms, eq(platforms.id, payments.platformId))
        .innerJoin(users, eq(users.id, platforms.userId))
        // A slip-number condition on the left-joined slip makes it an inner join for that lookup.
        .leftJoin(depositSlips, eq(depositSlips.paymentId, payments.id))
        .where(and(...conds, actor.kind === 'merchant' ? eq(platforms.userId, actor.merchantId) : undefined))
        .orderBy(desc(payments.createdAt))
        .limit(SEARCH_LIMIT);
      return rows.map((r) => ({ r, kind: p.kind }));
    }),
  );
  const byId = new Map<string, SearchHit>();
  for (const { r, kind } of found.flat()) {
    const had = byId.get(r.payment.id);
    if (had) {
      if (!had.matched.includes(kind)) had.matched.push(kind);
      continue;
    }
    byId.set(r.payment.id, {
      ...r.payment,
      slipNumber: r.slipNumber,
      platformName: r.platformName,
      merchantName: staff ? `${r.merchantFirst} ${r.merchantLast}` : null,
      matched: [kind],
    });
  }
  const hits = [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1)).slice(0, SEARCH_LIMIT);
  return { term, hits };
}
