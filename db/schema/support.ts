import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { at, madeAt, requiredRef } from './columns';
import { merchants } from './teams';
import { users } from './users';

export const ticketDepartment = pgEnum('support_department', ['technical', 'financial', 'customer_info', 'sales']);
export const ticketPriority = pgEnum('support_priority', ['normal', 'urgent']);
export const ticketState = pgEnum('support_ticket_state', ['open', 'awaiting_staff', 'awaiting_merchant', 'resolved', 'closed']);
export const ticketAboutKind = pgEnum('support_about_kind', ['payment', 'payout', 'platform']);
export const ticketSide = pgEnum('support_side', ['merchant', 'staff']);

/**
 * A merchant's support ticket (lib/support): one conversation with staff about one matter, moved
 * through `open → awaiting_staff | awaiting_merchant → resolved → closed` by conditional updates
 * only. `about` names the payment, payout or platform it concerns, owned by the same business
 * (checked when the ticket is opened). The SLA clocks are stored as due instants, counted in
 * support's working hours when the ticket opens.
 */
export const supportTickets = pgTable(
  'support_tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** A short number people can say on the phone ("ticket 1042"). */
    number: bigserial({ mode: 'number' }).notNull().unique('support_tickets_number_key'),
    merchantId: requiredRef(() => merchants.id, 'cascade'),
    openedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    department: ticketDepartment().notNull(),
    subject: varchar({ length: 150 }).notNull(),
    priority: ticketPriority().notNull().default('normal'),
    state: ticketState().notNull().default('open'),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    aboutKind: ticketAboutKind(),
    aboutId: uuid(),
    createdAt: madeAt(),
    /** The last message from either side (internal notes excluded): the queue's "age". */
    lastMessageAt: madeAt(),
    /** The merchant's oldest message staff have not answered yet; null when staff answered last. */
    waitingSince: at(),
    firstResponseDueAt: at().notNull(),
    resolutionDueAt: at().notNull(),
    firstRespondedAt: at(),
    resolvedAt: at(),
    closedAt: at(),
    /** When the SMS about a reply waiting more than an hour went out (once per wait). */
    waitSmsAt: at(),
    /**
     * When staff's answer began the wait for the merchant: the resolution clock is paused from then
     * until the merchant writes (lib/support/sla.ts); null while it runs.
     */
    pausedAt: at(),
    /** The last heartbeat of a merchant's open live conversation (lib/support/live.ts): "online". */
    merchantSeenAt: at(),
    /**
     * When a live chat nobody picked up became a ticket answered later (the support sweep; the
     * merchant is told by a system line). Cleared when staff answer, so the next live wait counts.
     */
    liveToldAt: at(),
    rating: integer(),
    ratingComment: varchar({ length: 1000 }),
  },
  (t) => [
    index('support_tickets_merchant_idx').on(t.merchantId, t.lastMessageAt),
    // The staff queue: the open states by due time.
    index('support_tickets_queue_idx')
      .on(t.state, t.firstResponseDueAt)
      .where(sql`${t.state} in ('open', 'awaiting_staff', 'awaiting_merchant')`),
    index('support_tickets_assignee_idx').on(t.assigneeId, t.state),
    // The daily summary (opened and resolved today) and the sweep that closes resolved tickets.
    index('support_tickets_created_idx').on(t.createdAt),
    index('support_tickets_resolved_idx').on(t.resolvedAt),
    check('support_tickets_rating', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('support_tickets_about', sql`(${t.aboutKind} is null) = (${t.aboutId} is null)`),
    check('support_tickets_subject_len', sql`char_length(${t.subject}) between 1 and 150`),
  ],
);

/**
 * One message of a ticket, stored as its own row (a live stream announces rows by id after they
 * are stored). `internal` messages are staff's notes: no merchant query ever returns them.
 */
export const supportMessages = pgTable(
  'support_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: requiredRef(() => supportTickets.id, 'cascade'),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    side: ticketSide().notNull(),
    internal: boolean().notNull().default(false),
    /** A line of the system's own (its body is a message key, shown in the reader's language), never a person's. */
    system: boolean().notNull().default(false),
    body: text().notNull(),
    createdAt: madeAt(),
  },
  (t) => [
    index('support_messages_ticket_idx').on(t.ticketId, t.createdAt, t.id),
    check('support_messages_body_len', sql`char_length(${t.body}) between 1 and 5000`),
    check('support_messages_internal_staff', sql`not ${t.internal} or ${t.side} = 'staff'`),
    check('support_messages_system', sql`not ${t.system} or (${t.authorId} is null and not ${t.internal} and ${t.side} = 'staff')`),
  ],
);

/**
 * A file sent with a message (PDF, PNG or JPEG by its bytes, ≤ 5 MB: the KYC documents' checks).
 * Uploaded first (no message yet, owned by its uploader and business), then claimed by the message
 * it is sent with; unclaimed ones are swept after a day.
 */
export const supportAttachments = pgTable(
  'support_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The business whose ticket it belongs to; null for a staff upload not yet sent. */
    merchantId: uuid().references(() => merchants.id, { onDelete: 'cascade' }),
    uploadedBy: requiredRef(() => users.id, 'cascade'),
    ticketId: uuid().references(() => supportTickets.id, { onDelete: 'cascade' }),
    messageId: uuid().references(() => supportMessages.id, { onDelete: 'cascade' }),
    storageKey: varchar({ length: 200 }).notNull(),
    contentType: varchar({ length: 40 }).notNull(),
    size: integer().notNull(),
    sha256: varchar({ length: 64 }).notNull(),
    name: varchar({ length: 200 }).notNull(),
    createdAt: madeAt(),
  },
  (t) => [
    index('support_attachments_message_idx').on(t.messageId),
    index('support_attachments_unclaimed_idx')
      .on(t.createdAt)
      .where(sql`${t.messageId} is null`),
  ],
);

/** The last message each side has read, per ticket (the "seen" ticks). */
export const supportReads = pgTable(
  'support_reads',
  {
    ticketId: requiredRef(() => supportTickets.id, 'cascade'),
    side: ticketSide().notNull(),
    lastReadAt: at().notNull(),
    lastMessageId: uuid().references(() => supportMessages.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ name: 'support_reads_pk', columns: [t.ticketId, t.side] })],
);

/** Staff's saved answers, in one language or for any (`locale` null). */
export const cannedAnswers = pgTable(
  'canned_answers',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: varchar({ length: 120 }).notNull(),
    body: text().notNull(),
    locale: varchar({ length: 5 }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: madeAt(),
    createdAt: madeAt(),
  },
  (t) => [
    index('canned_answers_title_idx').on(t.title),
    check('canned_answers_body_len', sql`char_length(${t.body}) between 1 and 5000`),
    check('canned_answers_locale', sql`${t.locale} is null or ${t.locale} in ('fa', 'en', 'tr')`),
  ],
);

export type SupportTicket = typeof supportTickets.$inferSelect;
export type SupportMessage = typeof supportMessages.$inferSelect;
export type SupportAttachment = typeof supportAttachments.$inferSelect;
export type CannedAnswer = typeof cannedAnswers.$inferSelect;
export type TicketState = (typeof ticketState.enumValues)[number];
export type TicketDepartment = (typeof ticketDepartment.enumValues)[number];
export type TicketPriority = (typeof ticketPriority.enumValues)[number];
export type TicketAboutKind = (typeof ticketAboutKind.enumValues)[number];
export type TicketSide = (typeof ticketSide.enumValues)[number];
