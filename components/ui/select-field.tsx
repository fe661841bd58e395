import { forwardRef, type ReactNode, type SelectHTMLAttributes } from 'react';
import { FieldShell } from './field-shell';

export type SelectOption = { value: string; label: string };

type Props = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** The first option, with the empty value ("all", "choose …"). */
  emptyLabel?: string;
  /** The options, after `emptyLabel`'s; `children` (other `<option>`s) come last. */
  options?: readonly SelectOption[];
  children?: ReactNode;
};

export const SelectField = forwardRef<HTMLSelectElement, Props>(function SelectField(
  { label, name, error, hint, id, emptyLabel, options, children, ...rest },
  ref,
) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      {(control, border) => (
        <select ref={ref} {...control} className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink ${border}`} {...rest}>
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </FieldShell>
  );
});
