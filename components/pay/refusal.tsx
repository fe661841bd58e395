/** A payer-facing refusal: an unknown, expired or tampered link. */
export function Refusal({ title, body, testId }: { title: string; body: string; testId: string }) {
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-6 text-center shadow-sm" data-testid={testId}>
      <h1 className="text-xl font-bold">{title}</h1>
      <p className="mt-2 text-sm text-muted">{body}</p>
    </section>
  );
}
