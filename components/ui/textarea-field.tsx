import { forwardRef, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { FieldShell } from './field-shell';

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: ReactNode };

/** A multi-line text field with its label, hint and error, like `Field`. */
export const TextareaField = forwardRef<HTMLTextAreaElement, Props>(function TextareaField({ label, name, error, hint, id, rows = 4, ...rest }, ref) {
  const inputId = id ?? `f-${name}`;
  return (
    <FieldShell id={inputId} name={name} label={label} hint={hint} error={error}>
      {(aria) => (
        <textarea
          ref={ref}
          id={inputId}
          name={name}
          rows={rows}
          {...aria}
          className={`rounded-lg border bg-white px-3 py-2 text-base text-ink ${error ? 'border-red-600' : 'border-slate-300'}`}
          {...rest}
        />
      )}
    </FieldShell>
  );
});
