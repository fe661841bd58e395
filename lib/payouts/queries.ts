import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import {
  bankAccounts,
  payouts,
  payoutSettings,
  payoutState,
  platforms,
  type BankAccount,
  type Payout,
  type PayoutSettings,
  type PayoutState,
} from '@/db/schema';
import { ownedBy, type ApiActor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { addIsoDays, settlementDayFrom, type IsoDay } from '@/lib/calendar/holidays';
import { TEHRAN_OFFSET_MS, tehranIso } from '@/lib/date/tehran';
import { isUuid } from '@/lib/validation/ids';
import { IN_FLIGHT_STATES } from '.';

/**
 * The reads of money going out: payouts, destination accounts, a platform's payout settings and
 * the payouts on their way. A merchant sees its own rows, an API key the rows of its own platform,
 * staff everything; ownership is part of the WHERE, so another merchant's id is simply not found.
 */
export type PayoutReader = MerchantActor | ApiActor | StaffActor;

export const PAYOUTS_PAGE_SIZE = 25;

export type PayoutFilters = {
  /** One state or several; unknown values are ignored. */
  state?: string | readonly string[];
  platformId?: string;
  /** Staff only: one merchant's payouts. */
  merchantId?: string;
  /** 1-based page of 25, newest first. */
  page?: number;
};

export type PayoutRow = Payout & {
  platformName: string;
  sheba: string | null;
  holderName: string | null;
  bankCode: string | null;
  /** The day the money is expected at the bank (in flight only). */
  expectedDay: IsoDay | null;
};

/** The ownership condition on `payouts`: a merchant's own, an API key's own platform, or all for staff. */
function payoutScope(actor: PayoutReader): SQL | undefined {
  return and(ownedBy(actor, payouts.merchantId), actor.kind === 'api' ? eq(payouts.platformId, actor.platformId) : undefined);
}

/**
 * When a payout is expected at the merchant's bank, seen at `now`: a sent transfer lands on the
 * next bank working day after it went out; one still requested or approved goes out in the next
 * batch (today's if before 14:00 Tehran on a working day, else the next working day) and lands the
 * working day after. Fridays and official holidays push it on, as for settlement.
 */
export function expectedPayoutDay(p: Pick<Payout, 'state' | 'sentAt'>, now = new Date()): IsoDay | null {
  if (!IN_FLIGHT_STATES.includes(p.state)) return null;
  if (p.state === 'sent' && p.sentAt) {
    const landing = settlementDayFrom(addIsoDays(tehranIso(p.sentAt), 1));
    const today = tehranIso(now);
    return landing < today ? settlementDayFrom(today) : landing;
  }
  const today = tehranIso(now);
  const beforeBatch = new Date(now.getTime() + TEHRAN_OFFSET_MS).getUTCHours() < 14;
  const batchDay = settlementDayFrom(beforeBatch ? today : addIsoDays(today, 1));
  return settlementDayFrom(addIsoDays(batchDay, 1));
}

function rowsOf(
  list: { payout: Payout; platformName: string; sheba: string | null; holderName: string | null; bankCode: string | null }[],
  now: Date,
): PayoutRow[] {
  return list.map((r) => ({
    ...r.payout,
    platformName: r.platformName,
    sheba: r.sheba,
    holderName: r.holderName,
    bankCode: r.bankCode,
    expectedDay: expectedPayoutDay(r.payout, now),
  }));
}

function selectPayouts(db: DbOrTx) {
  return db
    .select({ payout: payouts, platformName: platforms.name, sheba: bankAccounts.sheba, holderName: bankAccounts.holderName, bankCode: bankAccounts.bankCode })
    .from(payouts)
    .innerJoin(platforms, eq(platforms.id, payouts.platformId))
    .leftJoin(bankAccounts, eq(bankAccounts.id, payouts.bankAccountId));
}

function statesOf(state: PayoutFilters['state']): PayoutState[] {
  const wanted = state === undefined ? [] : typeof state === 'string' ? [state] : state;
  return wanted.filter((s): s is PayoutState => (payoutState.enumValues as readonly string[]).includes(s));
}

/** The payouts the actor may see, newest first, 25 a page, with the total for the pager. */
export async function listPayouts(
  db: DbOrTx,
  actor: PayoutReader,
  f: PayoutFilters = {},
  now = new Date(),
): Promise<{ rows: PayoutRow[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, Math.min(10_000, Math.floor(Number.isFinite(f.page) ? f.page! : 1)));
  const empty = { rows: [], total: 0, page, pageSize: PAYOUTS_PAGE_SIZE };
  if (f.platformId !== undefined && !isUuid(f.platformId)) return empty;
  if (f.merchantId !== undefined && !isUuid(f.merchantId)) return empty;
  const states = statesOf(f.state);
  if (f.state !== undefined && (typeof f.state === 'string' ? 1 : f.state.length) > 0 && states.length === 0) return empty;
  const where = and(
    payoutScope(actor),
    f.platformId ? eq(payouts.platformId, f.platformId) : undefined,
    f.merchantId && actor.kind === 'staff' ? eq(payouts.merchantId, f.merchantId) : undefined,
    states.length ? inArray(payouts.state, states) : undefined,
  );
  const [list, [{ total }]] = await Promise.all([
    selectPayouts(db)
      .where(where)
      .orderBy(desc(payouts.requestedAt), desc(payouts.id))
      .limit(PAYOUTS_PAGE_SIZE)
      .offset((page - 1) * PAYOUTS_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(payouts)
      .where(where),
  ]);
  return { rows: rowsOf(list, now), total, page, pageSize: PAYOUTS_PAGE_SIZE };
}

/** One payout the actor may see, or null. */
export async function getPayout(db: DbOrTx, actor: PayoutReader, id: string, now = new Date()): Promise<PayoutRow | null> {
  if (!isUuid(id)) return null;
  const list = await selectPayouts(db).where(and(eq(payouts.id, id), payoutScope(actor)));
  return rowsOf(list, now)[0] ?? null;
}

/**
 * The destination accounts the actor may see (removed ones left out), oldest first. With a
 * platform (and always for an API key: its own), the accounts usable for it: the business-wide
 * ones and that platform's own.
 */
export async function listBankAccounts(db: DbOrTx, actor: PayoutReader, f: { platformId?: string } = {}): Promise<BankAccount[]> {
  const platformId = actor.kind === 'api' ? actor.platformId : f.platformId;
  if (platformId !== undefined && !isUuid(platformId)) return [];
  if (actor.kind === 'api' && f.platformId !== undefined && f.platformId !== actor.platformId) return [];
  return db
    .select()
    .from(bankAccounts)
    .where(
      and(
        ownedBy(actor, bankAccounts.merchantId),
        ne(bankAccounts.status, 'removed'),
        platformId ? or(isNull(bankAccounts.platformId), eq(bankAccounts.platformId, platformId)) : undefined,
      ),
    )
    .orderBy(asc(bankAccounts.createdAt), asc(bankAccounts.id));
}

/**
 * A platform's payout settings (the defaults when never saved: automatic settlement off, keep 0,
 * no default account), or null when the platform is not the actor's.
 */
export async function getPayoutSettings(db: DbOrTx, actor: PayoutReader, platformId: string): Promise<PayoutSettings | null> {
  if (!isUuid(platformId)) return null;
  if (actor.kind === 'api' && actor.platformId !== platformId) return null;
  const [row] = await db
    .select({ platformId: platforms.id, settings: payoutSettings })
    .from(platforms)
    .leftJoin(payoutSettings, eq(payoutSettings.platformId, platforms.id))
    .where(and(eq(platforms.id, platformId), ownedBy(actor, platforms.userId)));
  if (!row) return null;
  return row.settings ?? { platformId: row.platformId, defaultBankAccountId: null, autoEnabled: false, autoKeep: 0n, updatedAt: new Date(0) };
}

/**
 * The payouts on their way (requested, approved, sent), each with its expected day, oldest
 * expected first: for the calendar and the money-on-its-way list. At most `limit` (200).
 */
export async function comingPayouts(
  db: DbOrTx,
  actor: PayoutReader,
  opts: { platformId?: string; limit?: number } = {},
  now = new Date(),
): Promise<PayoutRow[]> {
  if (opts.platformId !== undefined && !isUuid(opts.platformId)) return [];
  const list = await selectPayouts(db)
    .where(and(payoutScope(actor), inArray(payouts.state, [...IN_FLIGHT_STATES]), opts.platformId ? eq(payouts.platformId, opts.platformId) : undefined))
    .orderBy(asc(payouts.requestedAt), asc(payouts.id))
    .limit(Math.max(1, Math.min(200, opts.limit ?? 200)));
  return rowsOf(list, now).sort((a, b) => (a.expectedDay! < b.expectedDay! ? -1 : a.expectedDay! > b.expectedDay! ? 1 : 0));
}

/**
 * Where a payout of the platform goes when the caller names no account: the platform's default
 * account if it is still approved, else the approved account from customer information (the
 * platform's own before a business-wide one). Null when there is none.
 */
export async function defaultPayoutAccount(db: DbOrTx, actor: PayoutReader, platformId: string): Promise<BankAccount | null> {
  const settings = await getPayoutSettings(db, actor, platformId);
  if (!settings) return null;
  const usable = await listBankAccounts(db, actor, { platformId });
  const approved = usable.filter((a) => a.status === 'approved' && (actor.kind === 'staff' ? true : a.merchantId === actor.merchantId));
  const chosen = settings.defaultBankAccountId ? approved.find((a) => a.id === settings.defaultBankAccountId) : undefined;
  if (chosen) return chosen;
  const kyc = approved.filter((a) => a.source === 'kyc');
  return kyc.find((a) => a.platformId === platformId) ?? kyc[0] ?? null;
}
