import { and, count, desc, asc, eq, gte, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import type { Db, DbOrTx } from '@/db';
import { payerInquiries, payments, platforms, staffRoles, users, type Currency, type PayerInquiry } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { tehranStartOf } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { notify } from '@/lib/messages';
import { dispatch, portalUrl, recordNotice, type Pending } from '@/lib/notify';
import { hit, type RateRule } from '@/lib/rate-limit';
import { err, invalid, ok, type Result } from '@/lib/result';
import { enqueueSms, recordSms } from '@/lib/sms';
import { assertStaffMay } from '@/lib/staff/permissions';
import { assertCan } from '@/lib/teams/permissions';
import { isoOfJalali } from '@/lib/calendar/holidays';
import { isUuid } from '@/lib/validation/ids';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { answerInquirySchema, type InquiryListFilters, type PayHelpValues } from './inquiries-schema';
import { addWorkingMinutes, WORKING_DAY_MINUTES } from './working-hours';

/**
 * Payers' inquiries (/pay/help): a payer proves a payment is theirs with its tracking code (or the
 * card's last four, the amount and the day) AND the mobile it was paid with; then the question
 * reaches that payment's merchant and the payer sees the payment's real state at once. Without a
 * matching pair the answer is the same whether the code exists or not, and nothing is stored.
 * The merchant answers (the payer gets it by SMS); an inquiry left open a working day surfaces for
 * staff, who are told once.
 */

/** How often one network and one mobile may ask: enough for a payer with several payments, too few to guess codes. */
export const PAY_HELP_RULES = {
  ip: { limit: 10, windowSeconds: 3600 },
  mobile: { limit: 5, windowSeconds: 3600 },
} as const satisfies Record<string, RateRule>;

export type PayerState = 'succeeded' | 'failed' | 'pending' | 'refunded';

/** What the payer sees of their payment once code and mobile match. */
export type PaymentForPayer = {
  state: PayerState;
  /** When it succeeded or failed (null while pending). */
  at: Date | null;
  amount: bigint;
  refunded: bigint;
  currency: Currency;
  merchant: string;
  trackingCode: string;
};

export type AskOutcome = { matched: true; inquiryId: string; payment: PaymentForPayer } | { matched: false };

function payerState(p: { state: string; refundedAmount: bigint }): PayerState {
  if (p.state === 'succeeded') return p.refundedAmount > 0n ? 'refunded' : 'succeeded';
  if (p.state === 'failed' || p.state === 'canceled') return 'failed';
  return 'pending';
}

const matchColumns = {
  id: payments.id,
  state: payments.state,
  amount: payments.amount,
  currency: payments.currency,
  refundedAmount: payments.refundedAmount,
  completedAt: payments.completedAt,
  trackingCode: payments.trackingCode,
  merchantId: platforms.userId,
  merchant: platforms.name,
};

/** The one payment the payer's details point at, or null; never a different answer for "no such code" and "wrong mobile". */
async function findPayment(db: DbOrTx, v: PayHelpValues) {
  let where: SQL;
  if (v.by === 'code') {
    where = and(eq(payments.trackingCode, v.trackingCode), eq(payments.payerMobile, v.mobile))!;
  } else {
    const [jy, jm, jd] = v.date.split('/').map(Number);
    const start = tehranStartOf(isoOfJalali(jy, jm, jd));
    const end = new Date(start.getTime() + 24 * 3600_000);
    where = and(
      sql`right(${payments.cardMasked}, 4) = ${v.cardLast4}`,
      sql`${payments.cardMasked} is not null`,
      eq(payments.amount, v.amount),
      eq(payments.payerMobile, v.mobile),
      // The day the payer saw on the receipt (completion, else creation); created at most a day before it.
      gte(payments.createdAt, new Date(start.getTime() - 24 * 3600_000)),
      lt(payments.createdAt, end),
      sql`coalesce(${payments.completedAt}, ${payments.createdAt}) >= ${start.toISOString()}::timestamptz`,
      sql`coalesce(${payments.completedAt}, ${payments.createdAt}) < ${end.toISOString()}::timestamptz`,
    )!;
  }
  const [row] = await db
    .select(matchColumns)
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(where)
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * A payer's question from /pay/help (already parsed by `payHelpSchema`). Counted against the
 * network and the mobile first, so refusals never depend on whether a payment matched.
 */
export async function askAboutPayment(db: Db, v: PayHelpValues, ctx: { ip: string; locale: Locale; now?: Date }): Promise<Result<AskOutcome, 'tooManyTries'>> {
  const now = ctx.now ?? new Date();
  const byIp = await hit(db, `payhelp:ip:${ctx.ip}`, PAY_HELP_RULES.ip, now);
  if (!byIp.ok) return err('tooManyTries', { minutes: Math.ceil(byIp.retryAfterSeconds / 60) });
  const byMobile = await hit(db, `payhelp:mobile:${v.mobile}`, PAY_HELP_RULES.mobile, now);
  if (!byMobile.ok) return err('tooManyTries', { minutes: Math.ceil(byMobile.retryAfterSeconds / 60) });

  const p = await findPayment(db, v);
  if (!p) return ok({ matched: false });

  const inquiryId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(payerInquiries)
      .values({
        merchantId: p.merchantId,
        paymentId: p.id,
        mobile: v.mobile,
        message: v.message,
        locale: ctx.locale,
        dueAt: addWorkingMinutes(now, WORKING_DAY_MINUTES),
        createdAt: now,
      })
      .returning({ id: payerInquiries.id });
    // The merchant's inbox (the message links to the inquiry); not texted: the inbox and the list are where it is answered.
    await notify(tx, {
      userId: p.merchantId,
      category: 'settlement',
      template: 'payerInquiry',
      params: { code: p.trackingCode, at: now.toISOString() },
      link: `/support/inquiries/${row.id}`,
    });
    return row.id;
  });
  return ok({
    matched: true,
    inquiryId,
    payment: {
      state: payerState(p),
      at: p.completedAt,
      amount: p.amount,
      refunded: p.refundedAmount,
      currency: p.currency,
      merchant: p.merchant,
      trackingCode: p.trackingCode,
    },
  });
}

export const INQUIRY_PAGE = 20;

const listColumns = {
  id: payerInquiries.id,
  state: payerInquiries.state,
  message: payerInquiries.message,
  mobile: payerInquiries.mobile,
  createdAt: payerInquiries.createdAt,
  dueAt: payerInquiries.dueAt,
  answeredAt: payerInquiries.answeredAt,
  escalatedAt: payerInquiries.escalatedAt,
  trackingCode: payments.trackingCode,
  paymentId: payments.id,
  paymentState: payments.state,
  amount: payments.amount,
  currency: payments.currency,
  platform: platforms.name,
};

export type InquiryListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['data'] };

/** The merchant's payer inquiries, newest first (members who may read payments). */
export async function listInquiries(db: DbOrTx, actor: MerchantActor, f: InquiryListFilters): Promise<{ rows: InquiryListRow[]; total: number }> {
  assertCan(actor, 'payments');
  const where = and(eq(payerInquiries.merchantId, actor.merchantId), f.state === 'all' ? undefined : eq(payerInquiries.state, f.state));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(payerInquiries)
      .innerJoin(payments, eq(payments.id, payerInquiries.paymentId))
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(where)
      .orderBy(desc(payerInquiries.createdAt), desc(payerInquiries.id))
      .limit(INQUIRY_PAGE)
      .offset((f.page - 1) * INQUIRY_PAGE),
    db.select({ total: count() }).from(payerInquiries).where(where),
  ]);
  return { rows: rows as InquiryListRow[], total };
}

/** Open inquiries of the merchant (the menu's badge, the support page's link). */
export async function openInquiryCount(db: DbOrTx, actor: MerchantActor): Promise<number> {
  assertCan(actor, 'payments');
  const [{ n }] = await db
    .select({ n: count() })
    .from(payerInquiries)
    .where(and(eq(payerInquiries.merchantId, actor.merchantId), eq(payerInquiries.state, 'open')));
  return n;
}

export type InquiryDetail = PayerInquiry & {
  trackingCode: string;
  paymentState: string;
  amount: bigint;
  currency: Currency;
  completedAt: Date | null;
  platform: string;
  merchantName: string;
};

/** One inquiry: the merchant's own (null for another's or none), or any for staff with the support area. */
export async function getInquiry(db: DbOrTx, actor: MerchantActor | StaffActor, id: string): Promise<InquiryDetail | null> {
  if (actor.kind === 'merchant') assertCan(actor, 'payments');
  else assertStaffMay(actor, 'support', 'read');
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      i: payerInquiries,
      trackingCode: payments.trackingCode,
      paymentState: payments.state,
      amount: payments.amount,
      currency: payments.currency,
      completedAt: payments.completedAt,
      platform: platforms.name,
      merchantName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
    })
    .from(payerInquiries)
    .innerJoin(payments, eq(payments.id, payerInquiries.paymentId))
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .innerJoin(users, eq(users.id, payerInquiries.merchantId))
    .where(and(eq(payerInquiries.id, id), actor.kind === 'merchant' ? eq(payerInquiries.merchantId, actor.merchantId) : undefined));
  if (!row) return null;
  const { i, ...rest } = row;
  return { ...i, ...rest };
}

const smsT = {
  fa: createTranslator({ locale: 'fa', messages: fa, namespace: 'payHelp.sms' }),
  en: createTranslator({ locale: 'en', messages: en, namespace: 'payHelp.sms' }),
  tr: createTranslator({ locale: 'tr', messages: tr as unknown as typeof en, namespace: 'payHelp.sms' }),
};

/** The SMS that carries an answer to the payer, in the language they asked in. */
export function answerSms(locale: string, v: { merchant: string; code: string; answer: string }): string {
  const t = smsT[(locale in smsT ? locale : 'fa') as keyof typeof smsT];
  return t('answer', v).slice(0, 900);
}

type Decided = 'notFound' | 'notOpen';

/**
 * The merchant (a member who may read payments) or staff (support, once it surfaced) answers:
 * open → answered by a conditional update; the answer goes to the payer by SMS (outbox, then the queue).
 */
export async function answerInquiry(db: Db, actor: MerchantActor | StaffActor, input: unknown, now = new Date()): Promise<Result<undefined, Decided>> {
  if (actor.kind === 'merchant') assertCan(actor, 'payments');
  else assertStaffMay(actor, 'support', 'write');
  const parsed = answerInquirySchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { id, answer } = parsed.data;
  const owned = actor.kind === 'merchant' ? eq(payerInquiries.merchantId, actor.merchantId) : undefined;
  const smsId = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(payerInquiries)
      .set({ state: 'answered', answer, answeredBy: actor.userId, answeredAt: now })
      .where(and(eq(payerInquiries.id, id), eq(payerInquiries.state, 'open'), owned))
      .returning({ mobile: payerInquiries.mobile, locale: payerInquiries.locale, paymentId: payerInquiries.paymentId, merchantId: payerInquiries.merchantId });
    if (!row) return null;
    // Who answered a payer for the business (its member, or staff in its stead), not what: the answer went to the payer.
    await audit(tx, actor, {
      action: 'answer',
      objectType: 'payer_inquiry',
      objectId: id,
      merchantId: row.merchantId,
      before: { state: 'open' },
      after: { state: 'answered' },
    });
    const [p] = await tx
      .select({ code: payments.trackingCode, merchant: platforms.name })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(eq(payments.id, row.paymentId));
    return recordSms(tx, { mobile: row.mobile, body: answerSms(row.locale, { merchant: p.merchant, code: p.code, answer }) });
  });
  if (!smsId) return (await exists(db, id, owned)) ? err('notOpen') : err('notFound');
  await enqueueSms(smsId);
  return ok();
}

/** Closes an open or answered inquiry (the merchant's, or any for staff). */
export async function closeInquiry(db: DbOrTx, actor: MerchantActor | StaffActor, input: unknown, now = new Date()): Promise<Result<undefined, Decided>> {
  if (actor.kind === 'merchant') assertCan(actor, 'payments');
  else assertStaffMay(actor, 'support', 'write');
  const id = typeof input === 'object' && input && 'id' in input ? String((input as { id: unknown }).id) : '';
  if (!isUuid(id)) return err('notFound');
  const owned = actor.kind === 'merchant' ? eq(payerInquiries.merchantId, actor.merchantId) : undefined;
  const row = await db.transaction(async (tx) => {
    const [closed] = await tx
      .update(payerInquiries)
      .set({ state: 'closed', closedAt: now })
      .where(and(eq(payerInquiries.id, id), inArray(payerInquiries.state, ['open', 'answered']), owned))
      .returning({ id: payerInquiries.id, merchantId: payerInquiries.merchantId });
    if (closed)
      await audit(tx, actor, { action: 'close', objectType: 'payer_inquiry', objectId: id, merchantId: closed.merchantId, after: { state: 'closed' } });
    return closed;
  });
  if (row) return ok();
  return (await exists(db, id, owned)) ? err('notOpen') : err('notFound');
}

async function exists(db: DbOrTx, id: string, owned: SQL | undefined): Promise<boolean> {
  const [r] = await db
    .select({ id: payerInquiries.id })
    .from(payerInquiries)
    .where(and(eq(payerInquiries.id, id), owned));
  return !!r;
}

export type OverdueRow = InquiryListRow & { merchantName: string; merchantMobile: string };

/** Staff's queue: inquiries still open past their working day, the longest overdue first. */
export async function listOverdueInquiries(db: DbOrTx, actor: StaffActor, page = 1, now = new Date()): Promise<{ rows: OverdueRow[]; total: number }> {
  assertStaffMay(actor, 'support', 'read');
  const where = and(eq(payerInquiries.state, 'open'), lte(payerInquiries.dueAt, now));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ ...listColumns, merchantName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`, merchantMobile: users.mobile })
      .from(payerInquiries)
      .innerJoin(payments, eq(payments.id, payerInquiries.paymentId))
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .innerJoin(users, eq(users.id, payerInquiries.merchantId))
      .where(where)
      .orderBy(asc(payerInquiries.dueAt), asc(payerInquiries.id))
      .limit(INQUIRY_PAGE)
      .offset((Math.max(1, page) - 1) * INQUIRY_PAGE),
    db.select({ total: count() }).from(payerInquiries).where(where),
  ]);
  return { rows: rows as OverdueRow[], total };
}

/** How many overdue inquiries one run of the job announces (the rest wait for the next run). */
export const ESCALATION_BATCH = 500;
/** How many tracking codes a staff member's SMS names (the e-mail names every one). */
const CODES_IN_SMS = 10;

/**
 * The job: marks open inquiries past their due time that staff were not told about (a batch at a
 * time, skipping rows another worker holds) and tells each support staff member once per run, one
 * notice naming them all (SMS / e-mail through lib/notify) — so every overdue inquiry is announced
 * exactly once, and a backlog is one message, not one per inquiry. The marks and the notices commit
 * together: a rerun or a second worker tells no one twice.
 */
export async function escalateOverdueInquiries(db: Db, now = new Date()): Promise<{ escalated: string[] }> {
  const pending: Pending[] = [];
  const escalated = await db.transaction(async (tx) => {
    const due = tx
      .select({ id: payerInquiries.id })
      .from(payerInquiries)
      .where(and(eq(payerInquiries.state, 'open'), lte(payerInquiries.dueAt, now), isNull(payerInquiries.escalatedAt)))
      .orderBy(asc(payerInquiries.dueAt))
      .limit(ESCALATION_BATCH)
      .for('update', { skipLocked: true });
    const rows = await tx
      .update(payerInquiries)
      .set({ escalatedAt: now })
      .where(and(inArray(payerInquiries.id, due), eq(payerInquiries.state, 'open'), isNull(payerInquiries.escalatedAt)))
      .returning({ id: payerInquiries.id, paymentId: payerInquiries.paymentId, dueAt: payerInquiries.dueAt });
    if (!rows.length) return [];
    rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    const codes = await tx
      .select({ id: payments.id, code: payments.trackingCode })
      .from(payments)
      .where(
        inArray(
          payments.id,
          rows.map((r) => r.paymentId),
        ),
      );
    const codeOf = new Map(codes.map((c) => [c.id, c.code]));
    const all = rows.map((r) => codeOf.get(r.paymentId) ?? '');
    const staff = await tx
      .selectDistinct({ mobile: users.mobile, email: users.email, locale: users.locale })
      .from(users)
      .innerJoin(staffRoles, eq(staffRoles.userId, users.id))
      .where(and(eq(users.role, 'admin'), eq(staffRoles.role, 'support')));
    const count = rows.length;
    const inSms = all.slice(0, CODES_IN_SMS).join('، ') + (count > CODES_IN_SMS ? ' …' : '');
    for (const person of staff) {
      const t = smsT[(person.locale && person.locale in smsT ? person.locale : 'fa') as keyof typeof smsT];
      pending.push(
        await recordNotice(tx, person, {
          sms: t('overdueTitle', { count, codes: inSms }),
          email: {
            key: 'message',
            values: {
              title: t('overdueTitle', { count, codes: inSms }),
              body: t('overdueBody', { count, codes: all.join('\n') }),
              link: portalUrl('/admin/support/inquiries'),
            },
          },
        }),
      );
    }
    return rows.map((r) => r.id);
  });
  await dispatch(...pending);
  return { escalated };
}
