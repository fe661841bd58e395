import { forwardRef, type ReactNode, type SelectHTMLAttributes } from 'react';

type Props = SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: string; hint?: ReactNode; children: ReactNode };

export const SelectField = forwardRef<HTMLSelectElement, Props>(function SelectField({ label, name, error, hint, id, children, ...rest }, ref) {
  const selectId = id ?? `f-${name}`;
  const hintId = hint ? `${selectId}-hint` : undefined;
  const errorId = error ? `${selectId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={selectId} className="text-sm font-medium text-ink">
        {label}
      </label>
      <select
        ref={ref}
        id={selectId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={`min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-ink ${error ? 'border-red-600' : 'border-slate-300'}`}
        {...rest}
      >
        {children}
      </select>
      {hint && (
        <div id={hintId} className="text-xs text-muted">
          {hint}
        </div>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
});
