import { forwardRef, type ReactNode, type SelectHTMLAttributes } from 'react';
import { FieldShell } from './field-shell';

type Props = SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: string; hint?: ReactNode; children: ReactNode };

export const SelectField = forwardRef<HTMLSelectElement, Props>(function SelectField({ label, name, error, hint, id, children, ...rest }, ref) {
  const selectId = id ?? `f-${name}`;
  return (
    <FieldShell id={selectId} name={name} label={label} hint={hint} error={error}>
      {(aria) => (
        <select
          ref={ref}
          id={selectId}
          name={name}
          {...aria}
          className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink ${error ? 'border-red-600' : 'border-slate-300'}`}
          {...rest}
        >
          {children}
        </select>
      )}
    </FieldShell>
  );
});
