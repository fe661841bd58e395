import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { payments } from './payments';
import { users } from './users';

export const payerInquiryState = pgEnum('payer_inquiry_state', ['open', 'answered', 'closed']);

/**
 * A payer's question about one payment, asked on /pay/help with the payment's tracking code (or
 * card, amount and day) and the mobile the payment was made with. Only a matching pair makes a
 * row, so every row belongs to the merchant of a payment the payer proved they made; a miss is
 * not stored. State runs open → answered → closed by conditional updates. `dueAt` is one working
 * day after it was asked (lib/support/working-hours); an open inquiry past it surfaces for staff,
 * and `escalatedAt` marks that staff were told (once).
 */
export const payerInquiries = pgTable(
  'payer_inquiries',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The business (its founding owner's user id) whose payment it is. */
    merchantId: requiredRef(() => users.id, 'cascade'),
    paymentId: requiredRef(() => payments.id, 'cascade'),
    mobile: varchar({ length: 11 }).notNull(),
    message: text().notNull(),
    /** The language the payer asked in: the answer's SMS frame is written in it. */
    locale: varchar({ length: 5 }).notNull().default('fa'),
    state: payerInquiryState().notNull().default('open'),
    answer: text(),
    answeredBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    answeredAt: at(),
    closedAt: at(),
    dueAt: at().notNull(),
    escalatedAt: at(),
    createdAt: madeAt(),
  },
  (t) => [
    index('payer_inquiries_merchant_created_idx').on(t.merchantId, t.createdAt, t.id),
    index('payer_inquiries_overdue_idx')
      .on(t.dueAt)
      .where(sql`${t.state} = 'open'`),
    index('payer_inquiries_payment_idx').on(t.paymentId),
    check('payer_inquiries_message_len', sql`char_length(${t.message}) between 1 and 2000`),
    check('payer_inquiries_answer_len', sql`${t.answer} is null or char_length(${t.answer}) between 1 and 1000`),
    check('payer_inquiries_answered', sql`(${t.state} = 'open') = (${t.answer} is null) or ${t.state} = 'closed'`),
  ],
);

export type PayerInquiry = typeof payerInquiries.$inferSelect;
