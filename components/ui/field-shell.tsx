import type { ReactNode } from 'react';

/** What the control inside a `FieldShell` carries: its id and name, and the aria wiring to the hint and error. */
export type ControlProps = { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

/** The error under a field or a group of fields; its id is what the control's `aria-describedby` names. */
export function FieldError({ id, testId, children }: { id?: string; testId?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm text-red-700" data-testid={testId}>
      {children}
    </p>
  );
}

/**
 * Label, hint and error around one control, wired for screen readers through the ids it hands out.
 * The control's id is `f-<name>` unless one is given; `border` is its border colour (red on error).
 */
export function FieldShell({
  id,
  name,
  label,
  hint,
  error,
  children,
}: {
  id?: string;
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (control: ControlProps, border: string) => ReactNode;
}) {
  const controlId = id ?? `f-${name}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const control: ControlProps = {
    id: controlId,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={controlId} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children(control, error ? 'border-red-600' : 'border-slate-300')}
      {hint && (
        <div id={hintId} className="text-xs text-muted">
          {hint}
        </div>
      )}
      {error && (
        <FieldError id={errorId} testId={`error-${name}`}>
          {error}
        </FieldError>
      )}
    </div>
  );
}
