import { getTranslations } from 'next-intl/server';
import { EventForm } from '@/components/events/event-form';
import { deleteEventAction, saveEventAction } from '../actions';
import { Card } from '@/components/ui/card';
import { requireMerchant } from '@/lib/auth/session';
import { isIsoDay } from '@/lib/calendar/holidays';
import { tehranIso } from '@/lib/date/tehran';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';

export const generateMetadata = titled('events', 'new');

/** A new event; `?date=YYYY-MM-DD` comes from a click on the calendar, which it returns to. */
export default async function NewEventPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireMerchant();
  const sp = await searchParams;
  const t = await getTranslations('events');
  const date = isIsoDay(sp.date) ? sp.date : tehranIso(new Date());
  const fromCalendar = sp.from === 'calendar';
  const returnTo = fromCalendar ? `/calendar?d=${date}` : '/events';
  return (
    <div className="flex flex-col gap-6">
      <BackLink href={returnTo}>{fromCalendar ? t('backToCalendar') : t('back')}</BackLink>
      <h1 className="text-2xl font-bold">{t('new')}</h1>
      <Card>
        <EventForm
          id={null}
          returnTo={returnTo}
          actions={{ save: saveEventAction, remove: deleteEventAction }}
          initial={{ title: '', description: '', date, startTime: '09:00', endTime: '', color: 'blue', remind: 'none', remindSms: false }}
        />
      </Card>
    </div>
  );
}
