import Link from 'next/link';

/** Previous / next links under a list; nothing when there is only one page. */
export function Pagination({ label, prev, next, prevLabel, nextLabel }: { label: string; prev?: string; next?: string; prevLabel: string; nextLabel: string }) {
  if (!prev && !next) return null;
  return (
    <nav aria-label={label} className="mt-4 flex gap-3 text-sm">
      {prev && (
        <Link className="font-medium text-brand-700 hover:underline" href={prev}>
          {prevLabel}
        </Link>
      )}
      {next && (
        <Link className="font-medium text-brand-700 hover:underline" href={next}>
          {nextLabel}
        </Link>
      )}
    </nav>
  );
}
