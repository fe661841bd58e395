/** One line of a money confirm step (a withdrawal, a refund): its label above its value. */
export function ConfirmRow({ label, value, testId, strong }: { label: string; value: React.ReactNode; testId?: string; strong?: boolean }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={strong ? 'text-base font-bold' : 'font-medium'} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
