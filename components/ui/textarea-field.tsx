import { forwardRef, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { AUTO_DIR_CLASS } from './field';
import { FieldShell } from './field-shell';

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: ReactNode };

/** A multi-line text field with its label, hint and error, like `Field`; its text takes the direction of what is typed. */
export const TextareaField = forwardRef<HTMLTextAreaElement, Props>(function TextareaField({ label, name, error, hint, id, rows = 4, ...rest }, ref) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      {(control, border) => (
        <textarea
          ref={ref}
          {...control}
          rows={rows}
          dir="auto"
          className={`rounded-lg border bg-white px-3 py-2 text-base text-ink ${AUTO_DIR_CLASS} ${border}`}
          {...rest}
        />
      )}
    </FieldShell>
  );
});
