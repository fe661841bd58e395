/** A plain form (works before scripts load) that signs this session out: the way out of a half-finished sign-in. */
export function SignOutLink({ action, label }: { action: (input: FormData) => Promise<unknown>; label: string }) {
  return (
    <form action={action as unknown as (f: FormData) => Promise<void>}>
      <button type="submit" className="min-h-11 text-sm font-medium text-brand-700 underline-offset-4 hover:underline">
        {label}
      </button>
    </form>
  );
}
