import type { TicketPriority } from '@/db/schema';
import { addWorkingMinutes, workingMinutesBetween } from './working-hours';

/**
 * Support's promises, in WORKING minutes (Saturday–Wednesday 08:00–17:00, Thursday 08:00–13:00
 * Tehran, closed on Fridays and official holidays: ./working-hours.ts):
 *
 *   urgent ("money is stuck")  first answer within 1 working hour,  resolved within 8 working hours
 *   normal                     first answer within 8 working hours, resolved within 3 working days (27 h)
 *
 * A working day is the 9 hours of a full day, so "3 working days" is 27 working hours whatever
 * Thursdays and holidays fall in between. The clocks start when the ticket opens and are stored as
 * due instants on the ticket; what is left is counted from now in working minutes too.
 *
 * The resolution clock PAUSES while the ticket awaits the merchant: staff's answer stores `pausedAt`,
 * and the merchant's next message moves the resolution's due instant later by the working minutes
 * the pause lasted (`resumeDue`). While paused, the time left is frozen at its value when the pause
 * began, and a paused ticket is never overdue.
 */
export const SLA_MINUTES: Record<TicketPriority, { firstResponse: number; resolution: number }> = {
  urgent: { firstResponse: 60, resolution: 8 * 60 },
  normal: { firstResponse: 8 * 60, resolution: 3 * 9 * 60 },
};

export function slaDueTimes(priority: TicketPriority, openedAt: Date): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const t = SLA_MINUTES[priority];
  return { firstResponseDueAt: addWorkingMinutes(openedAt, t.firstResponse), resolutionDueAt: addWorkingMinutes(openedAt, t.resolution) };
}

/** The clock that runs now: the first answer until staff answered once, then the resolution. Null once resolved. */
export function currentDue(t: {
  state: string;
  firstRespondedAt: Date | null;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}): { kind: 'firstResponse' | 'resolution'; due: Date } | null {
  if (t.state === 'resolved' || t.state === 'closed') return null;
  return t.firstRespondedAt ? { kind: 'resolution', due: t.resolutionDueAt } : { kind: 'firstResponse', due: t.firstResponseDueAt };
}

/** The resolution's due instant after a pause from `pausedAt` to `now`: later by the working minutes in between. */
export function resumeDue(resolutionDueAt: Date, pausedAt: Date, now: Date): Date {
  const paused = workingMinutesBetween(pausedAt, now);
  return paused > 0 ? addWorkingMinutes(resolutionDueAt, paused) : resolutionDueAt;
}

/** The instant the clock reads for a ticket: now, or, while it awaits the merchant, the moment the pause began. */
export function clockNow(t: { state: string; pausedAt: Date | null }, now = new Date()): Date {
  return t.state === 'awaiting_merchant' && t.pausedAt && t.pausedAt < now ? t.pausedAt : now;
}

/** Working minutes left until `due` (negative: overdue by that many working minutes). */
export function workingMinutesLeft(due: Date, now = new Date()): number {
  return due.getTime() >= now.getTime() ? workingMinutesBetween(now, due) : -workingMinutesBetween(due, now);
}
