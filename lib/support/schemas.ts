import { z } from 'zod';
import { toAsciiDigits } from '@/lib/validation/digits';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

/**
 * What merchants and staff send about support tickets: the same schemas in the forms, the actions,
 * the upload routes and the tests. Messages are keys under `errors.*`.
 */

export const DEPARTMENTS = ['technical', 'financial', 'customer_info', 'sales'] as const;
export const PRIORITIES = ['normal', 'urgent'] as const;
export const ABOUT_KINDS = ['payment', 'payout', 'platform'] as const;
export const TICKET_STATES = ['open', 'awaiting_staff', 'awaiting_merchant', 'resolved', 'closed'] as const;
/** A message's longest body (the database's CHECK says the same). */
export const MAX_BODY = 5000;
/** Files per message. */
export const MAX_ATTACHMENTS = 5;

const uuid = z.uuid('notFound');
const body = z
  .string({ error: 'required' })
  // A textarea: lines and tabs, no other control character (PostgreSQL refuses a NUL: a 500).
  .refine(multiLine, CONTROL_CHARS)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'required').max(MAX_BODY, 'tooLong'));
const attachments = z.array(uuid).max(MAX_ATTACHMENTS, 'supportTooManyFiles').default([]);

export const openTicketSchema = z
  .object({
    department: z.enum(DEPARTMENTS, { error: 'supportDepartment' }),
    subject: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(3, 'supportSubjectShort').max(150, 'tooLong'),
    message: body,
    priority: z.enum(PRIORITIES, { error: 'supportPriority' }).default('normal'),
    /** What it is about: none, or a kind with its tracking code (a payment) or the id picked from the list. */
    aboutKind: z.enum(['', ...ABOUT_KINDS], { error: 'supportAboutKind' }).default(''),
    aboutRef: z
      .string()
      .trim()
      .refine(singleLine, CONTROL_CHARS)
      .max(64, 'tooLong')
      .transform((s) => toAsciiDigits(s))
      .default(''),
    attachments,
  })
  .superRefine((v, ctx) => {
    if (v.aboutKind && !v.aboutRef) ctx.addIssue({ code: 'custom', path: ['aboutRef'], message: 'supportAboutRequired' });
  });

export const replySchema = z.object({
  ticketId: uuid,
  body,
  /** Staff only: a note the merchant never sees. */
  internal: z
    .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('')])
    .transform((v) => v === true || v === 'on' || v === 'true')
    .default(false),
  attachments,
});

export const ticketIdSchema = z.object({ ticketId: uuid });

export const rateSchema = z.object({
  ticketId: uuid,
  rating: z.coerce.number({ error: 'supportRating' }).int('supportRating').min(1, 'supportRating').max(5, 'supportRating'),
  comment: z.string().refine(multiLine, CONTROL_CHARS).trim().max(1000, 'tooLong').default(''),
});

export const assignSchema = z.object({
  ticketId: uuid,
  /** Empty: take it yourself. */
  assigneeId: z.union([z.literal(''), uuid]).default(''),
});

export const cannedAnswerSchema = z.object({
  id: z.union([z.literal(''), uuid]).default(''),
  title: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(120, 'tooLong'),
  body,
  locale: z.enum(['', 'fa', 'en', 'tr'], { error: 'supportLocale' }).default(''),
});

export const removeCannedSchema = z.object({ id: uuid });

/** The staff queue's filters, from the page's query string: anything unknown is ignored, never an error. */
export const queueFiltersSchema = z.object({
  department: z.enum(DEPARTMENTS).optional().catch(undefined),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
  state: z
    .enum([...TICKET_STATES, 'active', 'all'])
    .catch('active')
    .default('active'),
  /** Waiting at least this many hours. */
  age: z.enum(['', '1', '4', '24', '72']).catch('').default(''),
  /** `me`, `none`, or a staff member's id. */
  assignee: z
    .union([z.enum(['', 'me', 'none']), z.uuid()])
    .catch('')
    .default(''),
});

export type OpenTicketInput = z.input<typeof openTicketSchema>;
export type OpenTicketValues = z.output<typeof openTicketSchema>;
export type ReplyInput = z.input<typeof replySchema>;
export type ReplyValues = z.output<typeof replySchema>;
export type RateInput = z.input<typeof rateSchema>;
export type AssignInput = z.input<typeof assignSchema>;
export type CannedAnswerInput = z.input<typeof cannedAnswerSchema>;
export type QueueFilters = z.output<typeof queueFiltersSchema>;
