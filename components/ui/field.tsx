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

export const Field = forwardRef<HTMLInputElement, Props>(function Field({ label, name, error, hint, id, digits, className = '', ...rest }, ref) {
  const inputId = id ?? `f-${name}`;
  return (
    <FieldShell id={inputId} name={name} label={label} hint={hint} error={error}>
      {(aria) => (
        <input
          ref={ref}
          id={inputId}
          name={name}
          {...aria}
          {...(digits ? { inputMode: 'numeric' as const, dir: 'ltr' } : {})}
          className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink placeholder:text-slate-400 read-only:bg-slate-50 ${error ? 'border-red-600' : 'border-slate-300'} ${className}`}
          {...rest}
        />
      )}
    </FieldShell>
  );
});
