import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { FieldShell } from './field-shell';

type Props = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** Digits (amounts, codes, numbers): a numeric keypad on phones, and left to right in RTL pages. */
  digits?: boolean;
};

/**
 * Free text takes the direction of what is typed (`dir="auto"`): a Latin name, an e-mail or a URL
 * reads left to right inside a Persian form, a Persian address right to left in an English one. It
 * stays aligned with the form (the page's start), so the fields still line up. A field given its own
 * `dir` (a sheba, a URL) keeps it and its alignment.
 */
export const AUTO_DIR_CLASS = '[[dir=rtl]_&]:text-right [[dir=ltr]_&]:text-left';

export const Field = forwardRef<HTMLInputElement, Props>(function Field({ label, name, error, hint, id, digits, className = '', ...rest }, ref) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      {(control, border) => (
        <input
          ref={ref}
          {...control}
          {...(digits ? { inputMode: 'numeric' as const, dir: 'ltr' } : { dir: 'auto' })}
          className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink placeholder:text-slate-400 read-only:bg-slate-50 ${digits || rest.dir ? '' : AUTO_DIR_CLASS} ${border} ${className}`}
          {...rest}
        />
      )}
    </FieldShell>
  );
});
