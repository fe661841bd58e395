import { z } from 'zod';
import { timeOfDay } from './time';
import { SERVICE_IDS } from '@/db/schema/services';
import { PROVINCES } from '@/lib/geo/provinces';
import { mobileSchema } from './auth';
import { toAsciiDigits } from './digits';
import { CONTROL_CHARS, multiLine, singleLine } from './text';

/** A path inside the portal: one leading `/`, no scheme, no `//host`, no backslashes or spaces. */
export const internalLink = z
  .string()
  .trim()
  .refine(singleLine, CONTROL_CHARS)
  .max(300, 'tooLong')
  .refine((v) => v === '' || /^\/(?![/\\])[^\s\\]*$/.test(v), 'linkInvalid');

export const targetKinds = ['all', 'merchant', 'service', 'kyc', 'province'] as const;
export const kycTargetStates = ['none', 'draft', 'submitted', 'approved', 'rejected'] as const;

/** Staff compose form and action: the message, who gets it, and whether it is also texted. */
export const composeSchema = z
  .object({
    title: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(200, 'tooLong'),
    body: z.string().trim().refine(multiLine, CONTROL_CHARS).min(1, 'required').max(5000, 'tooLong'),
    link: internalLink,
    sms: z.boolean(),
    targetKind: z.enum(targetKinds, { error: 'required' }),
    mobile: z.string().trim().refine(singleLine, CONTROL_CHARS).max(40, 'mobileInvalid'),
    serviceId: z.string().trim().refine(singleLine, CONTROL_CHARS).max(32),
    kycStatus: z.string().trim().refine(singleLine, CONTROL_CHARS).max(20),
    province: z.string().trim().refine(singleLine, CONTROL_CHARS).max(40),
  })
  .superRefine((v, ctx) => {
    if (v.targetKind === 'merchant' && !mobileSchema.safeParse(v.mobile).success) ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'mobileInvalid' });
    if (v.targetKind === 'service' && !(SERVICE_IDS as readonly string[]).includes(v.serviceId))
      ctx.addIssue({ code: 'custom', path: ['serviceId'], message: 'required' });
    if (v.targetKind === 'kyc' && !(kycTargetStates as readonly string[]).includes(v.kycStatus))
      ctx.addIssue({ code: 'custom', path: ['kycStatus'], message: 'required' });
    if (v.targetKind === 'province' && !PROVINCES.some((p) => p.fa === v.province)) ctx.addIssue({ code: 'custom', path: ['province'], message: 'required' });
  });

export type ComposeInput = z.input<typeof composeSchema>;
export type ComposeValues = z.output<typeof composeSchema>;

export const eventColors = ['blue', 'green', 'amber', 'red', 'violet', 'slate'] as const;
/** Minutes before the start; 'none' for no reminder. */
export const remindOptions = ['none', '0', '15', '60', '1440'] as const;

const time = timeOfDay;

/**
 * A merchant's event. The date is a Gregorian `YYYY-MM-DD` (the Persian form picks it in Jalali);
 * times are Tehran wall-clock `HH:MM`; the end, if given, is on the same day and not before the start.
 */
const eventFields = z.object({
  title: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(120, 'tooLong'),
  description: z.string().trim().refine(multiLine, CONTROL_CHARS).max(2000, 'tooLong'),
  date: z
    .string()
    .trim()
    .refine(singleLine, CONTROL_CHARS)
    .transform((v) => toAsciiDigits(v))
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), 'dateInvalid')
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, 'dateInvalid')
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', 'dateOutOfRange'),
  startTime: time.refine((v) => v !== '', 'required'),
  endTime: time,
  color: z.enum(eventColors, { error: 'required' }),
  remind: z.enum(remindOptions, { error: 'required' }),
  remindSms: z.boolean(),
});

/** The end, if given, not before the start. */
const endAfterStart = (v: { startTime: string; endTime: string }, ctx: z.RefinementCtx) => {
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (hhmm.test(v.endTime) && hhmm.test(v.startTime) && v.endTime < v.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'endBeforeStart' });
};

export const eventSchema = eventFields.superRefine(endAfterStart);

/** The event form and its action: the event, and its id when it is an edit (null for a new one). */
export const saveEventSchema = eventFields.extend({ id: z.uuid('notFound').nullable() }).superRefine(endAfterStart);
export type SaveEventInput = z.input<typeof saveEventSchema>;
export type SaveEventValues = z.output<typeof saveEventSchema>;

/** Deleting one of the merchant's own events. */
export const deleteEventSchema = z.object({ id: z.uuid('notFound') });

export type EventInput = z.input<typeof eventSchema>;
export type EventValues = z.output<typeof eventSchema>;

/** The inbox's URL filters. */
export const inboxFilterSchema = z.object({
  box: z.enum(['inbox', 'archive']).catch('inbox'),
  category: z.enum(['all', 'kyc', 'platform', 'settlement', 'webhook', 'reminder', 'announcement']).catch('all'),
  unread: z.enum(['0', '1']).catch('0'),
  q: z.string().trim().refine(singleLine).max(100).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type InboxFilters = z.output<typeof inboxFilterSchema>;

/** Only back to an inbox page of our own. */
const inboxBack = /^\/messages(\/[0-9a-f-]{36})?(\?[\w=&%.+-]*)?$/;

/**
 * The inbox's buttons (plain forms): the pressed button's `op`, the ticked boxes' ids and the
 * inbox page to go back to. The boxes are named `id.<n>` (one field each), since a form posted
 * as FormData keeps only one value per repeated name on its way into the schema.
 */
export const inboxOpSchema = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const id = Object.entries(o)
      .filter(([k]) => k === 'id' || k.startsWith('id.'))
      .flatMap(([, x]) => (Array.isArray(x) ? x : [x]));
    return { op: o.op, back: o.back, id };
  },
  z.object({
    op: z.enum(['read', 'unread', 'archive', 'unarchive', 'allRead']),
    id: z.array(z.string().max(64)).max(500),
    back: z
      .string()
      .optional()
      .transform((v) => (v && inboxBack.test(v) ? v : undefined)),
  }),
);
export type InboxOpInput = z.output<typeof inboxOpSchema>;
