import type { ReactNode } from 'react';

/** A plain, accessible table: a hidden caption, one header row, the rows the caller renders. */
export function DataTable({ caption, columns, children, testId }: { caption: string; columns: string[]; children: ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-muted">
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-2 text-start font-medium first:ps-0">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
