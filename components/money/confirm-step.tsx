import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * The confirm step of a money form (a withdrawal, a refund) or of any action that cannot be taken
 * back (cancelling an invoice, rolling a secret): a titled summary of what will happen
 * (`ConfirmRow`s, if any), an optional note, then confirm (submits the form) or back to editing.
 */
export function ConfirmStep({
  id,
  title,
  level = 2,
  children,
  field,
  note,
  confirmLabel,
  backLabel,
  danger = false,
  pending,
  onBack,
  submitTestId = `${id}-submit`,
}: {
  /** Names the section, its heading and its test ids: `<id>-confirm`, `<id>-submit`. */
  id: string;
  title: ReactNode;
  level?: 2 | 3;
  /** `ConfirmRow`s; a step that only asks (the note says what happens) has none. */
  children?: ReactNode;
  /** An input the decision needs (a rejection's reason), between the summary and the note. */
  field?: ReactNode;
  note?: ReactNode;
  confirmLabel: string;
  backLabel: string;
  danger?: boolean;
  pending: boolean;
  onBack: () => void;
  /** The confirm button's test id, where a page's tests already name it otherwise. */
  submitTestId?: string;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`${id}-confirm-title`} className="flex flex-col gap-4" data-testid={`${id}-confirm`}>
      <Heading id={`${id}-confirm-title`} className="text-base font-bold">
        {title}
      </Heading>
      {children && <dl className="grid gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-slate-50 p-4 text-sm sm:grid-cols-2">{children}</dl>}
      {field}
      {note && <p className="text-xs text-muted">{note}</p>}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={danger ? 'danger' : 'primary'} pending={pending} data-testid={submitTestId}>
          {confirmLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={onBack} disabled={pending}>
          {backLabel}
        </Button>
      </div>
    </section>
  );
}
