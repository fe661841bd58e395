import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { EventForm } from '@/components/events/event-form';
import { deleteEventAction, saveEventAction } from '../actions';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { tehranWall } from '@/lib/date/tehran';
import { getEvent } from '@/lib/events';
import type { remindOptions } from '@/lib/validation/messages';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';

export const generateMetadata = titled('events', 'edit');

/** One of the merchant's own events (another merchant's id is not found), to edit or delete. */
export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireMerchantActor();
  const { id } = await params;
  const e = await getEvent(getDb(), actor, id);
  if (!e) notFound();
  const t = await getTranslations('events');
  const start = tehranWall(e.startsAt);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap gap-4 text-sm">
        <BackLink href="/events">{t('back')}</BackLink>
        <Link href={`/calendar?d=${start.date}`} className="font-medium text-brand-700 hover:underline">
          {t('calendarLink')}
        </Link>
      </div>
      <h1 className="text-2xl font-bold">{t('edit')}</h1>
      <Card>
        <EventForm
          id={e.id}
          returnTo="/events"
          actions={{ save: saveEventAction, remove: deleteEventAction }}
          initial={{
            title: e.title,
            description: e.description,
            date: start.date,
            startTime: start.time,
            endTime: e.endsAt ? tehranWall(e.endsAt).time : '',
            color: e.color,
            remind: (e.remindMinutes === null ? 'none' : String(e.remindMinutes)) as (typeof remindOptions)[number],
            remindSms: e.remindSms,
          }}
        />
      </Card>
    </div>
  );
}
