/** A dispute's evidence files as download links (for its merchant and for staff). */
export function EvidenceList({ files }: { files: { name: string; href: string }[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="evidence-list">
      {files.map((f) => (
        <li key={f.href}>
          <a className="text-brand-700 hover:underline" href={f.href}>
            {f.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The links of a dispute's evidence files. */
export function evidenceLinks(d: { id: string; evidence: { name: string }[] }) {
  return d.evidence.map((f, i) => ({ name: f.name, href: `/api/disputes/${d.id}/evidence/${i}` }));
}
