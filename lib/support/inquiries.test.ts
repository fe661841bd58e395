import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, messages, payerInquiries, payments, smsMessages } from '@/db/schema';
import { jalaliOfIso } from '@/lib/calendar/holidays';
import { tehranInstant, tehranIso } from '@/lib/date/tehran';
import { generateTrackingCode } from '@/lib/payments/tracking';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { makeAdmin, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import {
  answerInquiry,
  askAboutPayment,
  closeInquiry,
  escalateOverdueInquiries,
  getInquiry,
  listInquiries,
  listOverdueInquiries,
  PAY_HELP_RULES,
} from './inquiries';
import { handleSchema } from '@/lib/validation/payments';
import { payHelpSchema } from './inquiries-schema';

const db = testDb();

async function payment(opts: { state?: 'succeeded' | 'failed' | 'redirected'; amount?: bigint; completedAt?: Date | null; card?: string } = {}) {
  const { merchant, platform } = await makePlatform(db);
  const mobile = uniqueMobile();
  const completedAt = opts.completedAt === undefined ? new Date() : opts.completedAt;
  const [p] = await db
    .insert(payments)
    .values({
      platformId: platform.id,
      source: 'link',
      livemode: true,
      amount: opts.amount ?? 250_000n,
      currency: 'IRR',
      orderId: `o-${generateTrackingCode()}`,
      trackingCode: generateTrackingCode(),
      state: opts.state ?? 'succeeded',
      payerMobile: mobile,
      cardMasked: opts.card ?? '603799******1234',
      completedAt,
      createdAt: completedAt ?? new Date(),
    })
    .returning();
  return { merchant, platform, payment: p, mobile };
}

/** The audit trail of one inquiry, oldest first. */
const trail = (id: string) =>
  db
    .select({
      action: auditEvents.action,
      actorKind: auditEvents.actorKind,
      actorUserId: auditEvents.actorUserId,
      merchantId: auditEvents.merchantId,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.objectType, 'payer_inquiry'), eq(auditEvents.objectId, id)))
    .orderBy(auditEvents.id);

const ask = (raw: Record<string, unknown>, ip = uniqueIp(), now?: Date) => askAboutPayment(db, payHelpSchema.parse(raw), { ip, locale: 'fa', now });

/** A valid tracking code no payment has (Damm check digit right). */
function unusedCode(): string {
  return generateTrackingCode();
}

describe('payer asks on /pay/help', () => {
  it('with the right code and mobile: the payer sees the real state, the inquiry reaches that merchant only', async () => {
    const a = await payment();
    const other = await payment();
    const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'پول کم شد، رسید نیامد' });
    if (!r.ok || !r.data.matched) throw new Error(JSON.stringify(r));
    expect(r.data.payment).toMatchObject({ state: 'succeeded', amount: 250_000n, merchant: a.platform.name, trackingCode: a.payment.trackingCode });
    expect(r.data.payment.at?.getTime()).toBe(a.payment.completedAt!.getTime());

    const [row] = await db.select().from(payerInquiries).where(eq(payerInquiries.id, r.data.inquiryId));
    expect(row).toMatchObject({ merchantId: a.merchant.id, paymentId: a.payment.id, state: 'open', mobile: a.mobile });
    // The merchant's inbox has it, linked to the inquiry; the other merchant's has nothing.
    const inbox = await db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, a.merchant.id), eq(messages.template, 'payerInquiry')));
    expect(inbox).toHaveLength(1);
    expect(inbox[0].link).toBe(`/support/inquiries/${r.data.inquiryId}`);
    expect(
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, other.merchant.id), eq(messages.template, 'payerInquiry'))),
    ).toHaveLength(0);

    const list = await listInquiries(db, merchantActorOf(a.merchant), { state: 'all', page: 1 });
    expect(list.rows.map((x) => x.id)).toEqual([r.data.inquiryId]);
    expect((await listInquiries(db, merchantActorOf(other.merchant), { state: 'all', page: 1 })).rows).toEqual([]);
  });

  it('shows a failed payment as failed with the 72-hour note, a pending one as pending', async () => {
    const failed = await payment({ state: 'failed' });
    const r1 = await ask({ by: 'code', trackingCode: failed.payment.trackingCode, mobile: failed.mobile, message: 'x' });
    expect(r1.ok && r1.data.matched && r1.data.payment.state).toBe('failed');
    const pending = await payment({ state: 'redirected', completedAt: null });
    const r2 = await ask({ by: 'code', trackingCode: pending.payment.trackingCode, mobile: pending.mobile, message: 'x' });
    expect(r2.ok && r2.data.matched && r2.data.payment).toMatchObject({ state: 'pending', at: null });
  });

  it('finds the payment by card last four, amount and day', async () => {
    const at = tehranInstant('2026-11-30', '14:20');
    const a = await payment({ amount: 777_000n, completedAt: at, card: '610433******9876' });
    const { jy, jm, jd } = jalaliOfIso(tehranIso(at));
    const date = `${jy}/${jm}/${jd}`;
    const r = await ask({ by: 'card', cardLast4: '9876', amount: '777000', date, mobile: a.mobile, message: 'x' });
    expect(r.ok && r.data.matched && r.data.payment.trackingCode).toBe(a.payment.trackingCode);
    // The wrong day, amount or card: nothing.
    const dayBefore = `${jy}/${jm}/${jd - 1}`;
    expect(await ask({ by: 'card', cardLast4: '9876', amount: '777000', date: dayBefore, mobile: a.mobile, message: 'x' })).toEqual({
      ok: true,
      data: { matched: false },
    });
    expect(await ask({ by: 'card', cardLast4: '9876', amount: '777001', date, mobile: a.mobile, message: 'x' })).toEqual({
      ok: true,
      data: { matched: false },
    });
    expect(await ask({ by: 'card', cardLast4: '1234', amount: '777000', date, mobile: a.mobile, message: 'x' })).toEqual({
      ok: true,
      data: { matched: false },
    });
  });

  it('reveals nothing and stores nothing without a matching code AND mobile: the same answer whether the code exists or not', async () => {
    const a = await payment();
    const wrongMobile = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: uniqueMobile(), message: 'x' });
    const noSuchCode = await ask({ by: 'code', trackingCode: unusedCode(), mobile: a.mobile, message: 'x' });
    const neither = await ask({ by: 'code', trackingCode: unusedCode(), mobile: uniqueMobile(), message: 'x' });
    expect(wrongMobile).toEqual({ ok: true, data: { matched: false } });
    expect(noSuchCode).toEqual(wrongMobile);
    expect(neither).toEqual(wrongMobile);
    // Nothing links the attempt to the merchant whose code was typed.
    expect(await db.select().from(payerInquiries).where(eq(payerInquiries.paymentId, a.payment.id))).toEqual([]);
    expect(
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, a.merchant.id), eq(messages.template, 'payerInquiry'))),
    ).toEqual([]);
  });

  it('refuses bad input with field messages, never reaching the database', () => {
    const bad = payHelpSchema.safeParse({ by: 'code', trackingCode: '12345678901', mobile: '0912', message: '' });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toMatchObject({ trackingCode: 'trackingCodeInvalid', mobile: 'mobileInvalid', message: 'required' });
    expect(
      payHelpSchema.safeParse({ by: 'code', trackingCode: unusedCode(), mobile: uniqueMobile(), message: 'x'.repeat(10_000) }).error?.issues[0].message,
    ).toBe('messageTooLong');
    // Persian digits are fine.
    const code = unusedCode();
    const persian = code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    expect(payHelpSchema.parse({ by: 'code', trackingCode: persian, mobile: uniqueMobile(), message: 'x' })).toMatchObject({ trackingCode: code });
  });

  it('keeps /pay/help out of the payment-link handles', () => {
    expect(handleSchema.safeParse('help').success).toBe(false);
  });

  it('is rate-limited per mobile and per network, before any lookup', async () => {
    const a = await payment();
    const now = new Date('2026-12-02T08:00:00Z');
    const results = [];
    for (let i = 0; i < PAY_HELP_RULES.mobile.limit + 1; i++) {
      results.push(await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'x' }, uniqueIp(), now));
    }
    expect(results.slice(0, PAY_HELP_RULES.mobile.limit).every((r) => r.ok)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, error: 'tooManyTries' });
    // Refused even with the right code: no state is shown past the limit.
    expect(await db.select().from(payerInquiries).where(eq(payerInquiries.paymentId, a.payment.id))).toHaveLength(PAY_HELP_RULES.mobile.limit);

    const ip = uniqueIp();
    const byIp = [];
    for (let i = 0; i < PAY_HELP_RULES.ip.limit + 1; i++)
      byIp.push(await ask({ by: 'code', trackingCode: unusedCode(), mobile: uniqueMobile(), message: 'x' }, ip, now));
    expect(byIp.filter((r) => r.ok)).toHaveLength(PAY_HELP_RULES.ip.limit);
    expect(byIp.at(-1)).toMatchObject({ ok: false, error: 'tooManyTries' });
  });
});

describe('merchant answers', () => {
  it('answers once (open → answered by a conditional update), the payer gets it by SMS, then closes', async () => {
    const a = await payment();
    const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'کجاست؟' });
    if (!r.ok || !r.data.matched) throw new Error('no match');
    const actor = merchantActorOf(a.merchant);
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => answerInquiry(db, actor, { id: r.data.matched && r.data.inquiryId, answer: `پول شما برگشت ${i}` })),
    );
    expect(answers.filter((x) => x.ok)).toHaveLength(1);
    expect(answers.filter((x) => !x.ok).every((x) => !x.ok && x.error === 'notOpen')).toBe(true);
    const sms = await db.select().from(smsMessages).where(eq(smsMessages.mobile, a.mobile));
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('پول شما برگشت');
    expect(sms[0].body).toContain(a.payment.trackingCode);
    const detail = await getInquiry(db, actor, r.data.inquiryId);
    expect(detail).toMatchObject({ state: 'answered', answeredBy: a.merchant.id });
    expect(await closeInquiry(db, actor, { id: r.data.inquiryId })).toEqual({ ok: true, data: undefined });
    expect(await closeInquiry(db, actor, { id: r.data.inquiryId })).toMatchObject({ ok: false, error: 'notOpen' });
    expect(await answerInquiry(db, actor, { id: r.data.inquiryId, answer: 'again' })).toMatchObject({ ok: false, error: 'notOpen' });
    // One event per decision that happened (the three answers that lost the race and the refusals wrote none), never the answer's words.
    const events = await trail(r.data.inquiryId);
    expect(events).toEqual([
      { action: 'answer', actorKind: 'merchant', actorUserId: a.merchant.id, merchantId: a.merchant.id, after: { state: 'answered' } },
      { action: 'close', actorKind: 'merchant', actorUserId: a.merchant.id, merchantId: a.merchant.id, after: { state: 'closed' } },
    ]);
    expect(JSON.stringify(events)).not.toContain('پول شما برگشت');
  });

  it('another merchant cannot read, answer or close it; bad answers get field messages', async () => {
    const a = await payment();
    const b = await payment();
    const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'x' });
    if (!r.ok || !r.data.matched) throw new Error('no match');
    const intruder = merchantActorOf(b.merchant);
    expect(await getInquiry(db, intruder, r.data.inquiryId)).toBeNull();
    expect(await answerInquiry(db, intruder, { id: r.data.inquiryId, answer: 'mine now' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await closeInquiry(db, intruder, { id: r.data.inquiryId })).toMatchObject({ ok: false, error: 'notFound' });
    const [row] = await db.select().from(payerInquiries).where(eq(payerInquiries.id, r.data.inquiryId));
    expect(row.state).toBe('open');
    expect(await db.select().from(smsMessages).where(eq(smsMessages.mobile, a.mobile))).toEqual([]);
    expect(await trail(r.data.inquiryId)).toEqual([]);
    const owner = merchantActorOf(a.merchant);
    expect(await answerInquiry(db, owner, { id: r.data.inquiryId, answer: '' })).toMatchObject({ ok: false, fieldErrors: { answer: 'required' } });
    expect(await answerInquiry(db, owner, { id: r.data.inquiryId, answer: 'x'.repeat(1001) })).toMatchObject({
      ok: false,
      fieldErrors: { answer: 'answerTooLong' },
    });
    expect(await answerInquiry(db, owner, { id: 'not-a-uuid', answer: 'x' })).toMatchObject({ ok: false, fieldErrors: { id: 'notFound' } });
  });
});

describe('escalation to staff after one working day', () => {
  it('across a Friday and a holiday: Thursday 09:00 is due Sunday 13:00; staff are told once', async () => {
    const support = await makeAdmin(db, ['support']);
    const a = await payment();
    // Thursday 2027-01-21 09:00 Tehran: 4 h Thursday, Friday closed, Saturday 2027-01-23 a holiday, 5 h Sunday.
    const asked = tehranInstant('2027-01-21', '09:00');
    const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'x' }, uniqueIp(), asked);
    if (!r.ok || !r.data.matched) throw new Error('no match');
    const id = r.data.inquiryId;
    const [row] = await db.select().from(payerInquiries).where(eq(payerInquiries.id, id));
    expect(row.dueAt.toISOString()).toBe(tehranInstant('2027-01-24', '13:00').toISOString());

    const staffActor = staffActorOf(support, ['support']);
    const before = tehranInstant('2027-01-24', '12:59');
    expect((await escalateOverdueInquiries(db, before)).escalated).not.toContain(id);
    expect((await listOverdueInquiries(db, staffActor, 1, before)).rows.map((x) => x.id)).not.toContain(id);

    const due = tehranInstant('2027-01-24', '13:00');
    expect((await escalateOverdueInquiries(db, due)).escalated).toContain(id);
    expect((await escalateOverdueInquiries(db, tehranInstant('2027-01-24', '16:00'))).escalated).not.toContain(id);
    const told = await db.select().from(smsMessages).where(eq(smsMessages.mobile, support.mobile));
    expect(told.filter((m) => m.body.includes(a.payment.trackingCode))).toHaveLength(1);
    const overdue = await listOverdueInquiries(db, staffActor, 1, due);
    expect(overdue.total).toBeGreaterThan(0);
    expect(await getInquiry(db, staffActor, id)).toMatchObject({ id, escalatedAt: due });

    // Staff answer in the merchant's stead; an auditor may read but not answer.
    const auditor = staffActorOf(support, ['auditor']);
    await expect(answerInquiry(db, auditor, { id, answer: 'x' })).rejects.toThrow('staff role required');
    expect(await answerInquiry(db, staffActor, { id, answer: 'بانک برمی‌گرداند' })).toEqual({ ok: true, data: undefined });
    // Staff's answer is on the business's trail, as staff's.
    expect(await trail(id)).toEqual([
      { action: 'answer', actorKind: 'staff', actorUserId: support.id, merchantId: a.merchant.id, after: { state: 'answered' } },
    ]);
    expect((await listOverdueInquiries(db, staffActor, 1, due)).rows.map((x) => x.id)).not.toContain(id);
  });

  it('announces a backlog in one notice per staff member, each inquiry once', async () => {
    const support = await makeAdmin(db, ['support']);
    // Asked on a Saturday: due the same day at 17:00.
    const asked = tehranInstant('2027-02-06', '08:00');
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await payment();
      const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'x' }, uniqueIp(), asked);
      expect(r.ok && r.data.matched).toBe(true);
      codes.push(a.payment.trackingCode);
    }
    // Whatever earlier tests left open is announced first.
    await escalateOverdueInquiries(db, tehranInstant('2027-02-06', '16:59'));
    const run = await escalateOverdueInquiries(db, tehranInstant('2027-02-06', '17:00'));
    expect(run.escalated).toHaveLength(3);
    const told = await db.select().from(smsMessages).where(eq(smsMessages.mobile, support.mobile));
    const naming = told.filter((m) => codes.some((c) => m.body.includes(c)));
    expect(naming).toHaveLength(1);
    for (const c of codes) expect(naming[0].body).toContain(c);
    expect((await escalateOverdueInquiries(db, tehranInstant('2027-02-07', '17:00'))).escalated).toEqual([]);
  });

  it('across a holiday: Monday 10:00 before the Tuesday 2026-12-22 holiday is due Wednesday 10:00', async () => {
    const a = await payment();
    const r = await ask({ by: 'code', trackingCode: a.payment.trackingCode, mobile: a.mobile, message: 'x' }, uniqueIp(), tehranInstant('2026-12-21', '10:00'));
    if (!r.ok || !r.data.matched) throw new Error('no match');
    const [row] = await db.select().from(payerInquiries).where(eq(payerInquiries.id, r.data.inquiryId));
    expect(row.dueAt.toISOString()).toBe(tehranInstant('2026-12-23', '10:00').toISOString());
    // Answered in time: never escalated.
    expect((await answerInquiry(db, merchantActorOf(a.merchant), { id: r.data.inquiryId, answer: 'ok' })).ok).toBe(true);
    expect((await escalateOverdueInquiries(db, tehranInstant('2026-12-23', '10:01'))).escalated).not.toContain(r.data.inquiryId);
  });
});
