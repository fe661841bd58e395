import type { z } from 'zod';
import type { Db } from '@/db';
import type { ApiActor } from '@/lib/actor';
import { requestPayout } from '@/lib/payouts';
import { defaultPayoutAccount, getPayout, getPayoutSettings, listBankAccounts, listPayouts, type PayoutRow } from '@/lib/payouts/queries';
import { isUuid } from '@/lib/validation/ids';
import { ApiError } from './http';
import { apiAmount, invalid, refusalError, requireIdempotencyKey, type Refusals } from './refusals';
import { listPayoutsQuerySchema, type createPayoutRequestSchema } from './schemas';

/**
 * The API's side of payouts: the calling platform's own payouts and the accounts usable for it.
 * Any key of the platform reads them; only a live key may ask for money to go out, and only with
 * an Idempotency-Key (a retried withdrawal must never become two).
 */

export function payoutResource(p: PayoutRow) {
  return {
    id: p.id,
    platform_id: p.platformId,
    amount: p.amount.toString(),
    fee: p.fee.toString(),
    net: (p.amount - p.fee).toString(),
    currency: 'IRR' as const,
    state: p.state,
    auto: p.auto,
    description: p.description,
    bank_account: p.bankAccountId && p.sheba ? { id: p.bankAccountId, sheba: p.sheba, bank_code: p.bankCode, holder_name: p.holderName ?? '' } : null,
    reason: p.reason,
    bank_ref: p.bankRef,
    expected_date: p.expectedDay,
    requested_at: p.requestedAt.toISOString(),
    decided_at: p.decidedAt?.toISOString() ?? null,
    sent_at: p.sentAt?.toISOString() ?? null,
    completed_at: p.completedAt?.toISOString() ?? null,
  };
}

/** The lib's refusals as API errors: each a stable code with the field it is about. */
const REFUSALS: Refusals = {
  amountBelowMin: ['amount_below_minimum', 'The amount is below the minimum per payout'],
  amountAboveMax: ['amount_above_maximum', 'The amount is above the maximum per payout'],
  dailyCapReached: ['daily_cap_reached', "The merchant's daily payout cap would be passed"],
  insufficientBalance: ['insufficient_balance', 'Not enough withdrawable balance'],
  notFound: ['bank_account_not_found', 'No such bank account for this platform'],
  accountNotApproved: ['bank_account_not_approved', 'The bank account is not approved yet'],
};

/** Before the body is read: an Idempotency-Key and a live key, or nothing happens. */
export function assertPayoutAllowed(actor: ApiActor, req: Request) {
  requireIdempotencyKey(req, 'a retried payout must not go out twice');
  if (!actor.livemode) throw new ApiError(403, 'live_key_required', 'Payouts move real money: use a live key');
}

export async function createApiPayout(db: Db, actor: ApiActor, body: z.output<typeof createPayoutRequestSchema>) {
  const amount = apiAmount(body.amount);
  let bankAccountId = body.bank_account_id;
  if (!bankAccountId) {
    const account = await defaultPayoutAccount(db, actor, actor.platformId);
    if (!account) throw invalid({ bank_account_id: 'required' }, 'no_bank_account', 'The platform has no default or approved account: name bank_account_id');
    bankAccountId = account.id;
  }
  const r = await requestPayout(db, actor, { platformId: actor.platformId, bankAccountId, amount, description: body.description ?? null });
  if (!r.ok) {
    const refused = refusalError(r, REFUSALS, { bankAccountId: 'bank_account_id' });
    if (refused) throw refused;
    if (r.error === 'notFound') throw new ApiError(404, 'not_found', 'No such platform');
    throw invalid({ _: r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'invalid' });
  }
  const row = await getPayout(db, actor, r.data.id);
  return payoutResource(row!);
}

export async function getApiPayout(db: Db, actor: ApiActor, id: string) {
  const row = isUuid(id) ? await getPayout(db, actor, id) : null;
  if (!row) throw new ApiError(404, 'not_found', 'No such payout');
  return payoutResource(row);
}

export async function listApiPayouts(db: Db, actor: ApiActor, query: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const name of ['state', 'page'] as const) {
    const v = query.get(name);
    if (v !== null) raw[name] = v;
  }
  const parsed = listPayoutsQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0] ?? '_')] ??= i.message;
    throw new ApiError(400, 'validation_failed', 'Some query parameters are not valid', fields);
  }
  const list = await listPayouts(db, actor, { state: parsed.data.state, page: parsed.data.page ?? 1 });
  return { data: list.rows.map(payoutResource), page: list.page, page_size: list.pageSize, total: list.total };
}

export async function listApiBankAccounts(db: Db, actor: ApiActor) {
  const [accounts, settings] = await Promise.all([listBankAccounts(db, actor), getPayoutSettings(db, actor, actor.platformId)]);
  return {
    data: accounts.map((a) => ({
      id: a.id,
      sheba: a.sheba,
      bank_code: a.bankCode,
      holder_name: a.holderName,
      status: a.status as 'pending' | 'approved' | 'rejected',
      platform_id: a.platformId,
      source: a.source as 'kyc' | 'merchant',
      is_default: settings?.defaultBankAccountId === a.id,
      created_at: a.createdAt.toISOString(),
    })),
  };
}
