import type { ReactNode } from 'react';

/** A column: its header, or its header and whether a phone's card shows it first (amount, state). */
export type DataColumn = string | { label: string; primary?: boolean; hidden?: boolean };

const labelOf = (c: DataColumn) => (typeof c === 'string' ? c : c.label);

/** A CSS string literal: quotes, backslashes and line ends escaped, and no `<` that could close the style element. */
function cssString(s: string): string {
  return `"${s
    .replace(/\\/g, '\\5c ')
    .replace(/"/g, '\\22 ')
    .replace(/</g, '\\3c ')
    .replace(/[\r\n]/g, ' ')}"`;
}

/** A short, stable id from the columns (two tables with the same columns share the same rules). */
function idOf(parts: string[]): string {
  let h = 5381;
  for (const ch of parts.join('\u0001')) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
  return `dt${h.toString(36)}`;
}

/**
 * The rules that turn the table into cards below the `md` breakpoint (768 px): no header row, one
 * card per row, each cell under its column's name (from the same `columns`), primary cells first
 * and unlabelled, larger. From `md` up the table is a table again.
 */
export function cardRules(id: string, columns: DataColumn[]): string {
  const s = `[data-dt="${id}"]`;
  const per = columns
    .map((c, i) => {
      const n = i + 1;
      if (typeof c !== 'string' && c.hidden) return '';
      if (typeof c !== 'string' && c.primary) return `${s} td:nth-child(${n}){order:-1;font-weight:600;font-size:0.95rem}`;
      return `${s} td:nth-child(${n})::before{content:${cssString(labelOf(c))}}`;
    })
    .join('');
  // Hidden columns are hidden at every width; everything else only rearranges below md.
  const hidden = columns
    .map((c, i) => (typeof c !== 'string' && c.hidden ? `${s} td:nth-child(${i + 1}),${s} th:nth-child(${i + 1}){display:none}` : ''))
    .join('');
  return (
    hidden +
    '@media (max-width:767.98px){' +
    `${s} table,${s} tbody{display:block}` +
    `${s} thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}` +
    `${s} tr{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0.5rem 1rem;padding:0.75rem;margin-bottom:0.75rem;border:1px solid #e2e8f0;border-radius:0.75rem}` +
    `${s} tr:last-child{border-bottom:1px solid #e2e8f0;margin-bottom:0}` +
    `${s} td{display:block;padding:0;min-width:0;overflow-wrap:anywhere;white-space:normal}` +
    `${s} td[colspan]{grid-column:1/-1}` +
    // A cell with nothing in it (no action for this row) takes no room in the card.
    `${s} td:empty{display:none}` +
    `${s} td::before{display:block;font-size:0.75rem;font-weight:400;color:var(--color-muted)}` +
    per +
    // A cell spanning the row (a note, a subtotal) needs no column name.
    `${s} td[colspan]::before{content:none}` +
    '}'
  );
}

/**
 * A plain, accessible table: a hidden caption, one header row, the rows the caller renders (one
 * `<td>` per column, in order). Below `md` each row becomes a card labelled by the same columns,
 * with the `primary` ones (amount and state) first, so nothing is clipped on a phone.
 */
export function DataTable({ caption, columns, children, testId }: { caption: string; columns: DataColumn[]; children: ReactNode; testId?: string }) {
  const id = idOf(columns.map((c) => (typeof c === 'string' ? c : `${c.label}|${c.primary ? 1 : 0}|${c.hidden ? 1 : 0}`)));
  return (
    <div className="md:overflow-x-auto" data-dt={id}>
      <style dangerouslySetInnerHTML={{ __html: cardRules(id, columns) }} />
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-muted">
            {columns.map((c, i) => (
              <th key={`${i}-${labelOf(c)}`} scope="col" className="px-2 py-2 text-start font-medium first:ps-0">
                {labelOf(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
