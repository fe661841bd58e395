import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

/**
 * A development outbox page (/dev/sms, /dev/email): a form asking whose messages to show, then
 * those messages, newest first. The page reads and lists them; this is the frame they share.
 */
export function DevOutbox({
  title,
  intro,
  field,
  show,
  invalid,
  heading,
  none,
  items,
}: {
  title: string;
  intro: string;
  /** The one GET field: its name, label, input type and what was asked. */
  field: { name: string; label: string; type: 'tel' | 'email'; value: string };
  show: string;
  /** The message when what was asked is not a valid number or address (null: it is, or nothing asked). */
  invalid: string | null;
  /** The list's heading once something valid was asked (null: nothing to list yet). */
  heading: string | null;
  none: string;
  items: ReactNode[];
}) {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-5 py-10">
      <PageHeader title={title} intro={intro} />
      <form className="flex items-end gap-3" method="get">
        <div className="flex flex-1 flex-col gap-1.5">
          <label htmlFor={field.name} className="text-sm font-medium">
            {field.label}
          </label>
          <input
            id={field.name}
            name={field.name}
            type={field.type}
            inputMode={field.type}
            dir="ltr"
            defaultValue={field.value}
            className="min-h-11 rounded-lg border border-slate-300 bg-white px-3"
          />
        </div>
        <Button type="submit">{show}</Button>
      </form>
      {invalid && <p className="text-sm text-red-700">{invalid}</p>}
      {heading && (
        <Card title={heading}>{items.length === 0 ? <p className="text-sm text-muted">{none}</p> : <ul className="flex flex-col gap-3">{items}</ul>}</Card>
      )}
    </main>
  );
}
