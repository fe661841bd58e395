import type { ReactNode } from 'react';

/**
 * What only a staff role that may change an area sees (lib/staff/permissions: `canStaff(actor,
 * area, 'write')`, which the page asks): the auditor, and any role that only reads the area, see
 * no write buttons. The server refuses their actions anyway; this keeps the page from offering
 * them. Without `readOnly` the forms are left out; with it a settings form stays visible as a
 * record of the current values, its fields disabled and its buttons gone.
 */
export function StaffWrite({ may, readOnly = false, children }: { may: boolean; readOnly?: boolean; children: ReactNode }) {
  if (may) return <>{children}</>;
  if (!readOnly) return null;
  return (
    <fieldset disabled className="contents [&_button]:hidden" data-testid="staff-read-only">
      {children}
    </fieldset>
  );
}
