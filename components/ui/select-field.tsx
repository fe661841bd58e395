import { forwardRef, type ReactNode, type SelectHTMLAttributes } from 'react';
import { FieldShell } from './field-shell';

type Props = SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: string; hint?: ReactNode; children: ReactNode };

export const SelectField = forwardRef<HTMLSelectElement, Props>(function SelectField({ label, name, error, hint, id, children, ...rest }, ref) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      {(control, border) => (
        <select ref={ref} {...control} className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink ${border}`} {...rest}>
          {children}
        </select>
      )}
    </FieldShell>
  );
});
