import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';

/**
 * The bank's answer in the reader's language: "51 — Insufficient funds or card limit (Yetersiz
 * Bakiye / Yetersiz Kart Limiti)": the code, our words for it (messages `vpos.bankCodes.{code}`),
 * and N Kolay's own Turkish message as it gave it. Codes we have no words for show the bank's alone.
 */
export type BankReason = { code: string | null; ours: string | null; theirs: string | null };

/** A failure reason stored as `"<code> <message>"` (lib/vpos) back into its parts. */
export function splitReason(reason: string | null | undefined): { code: string | null; message: string | null } {
  const s = (reason ?? '').trim();
  if (!s) return { code: null, message: null };
  const m = /^(\d{1,4})(?:\s+(.*))?$/s.exec(s);
  return m ? { code: m[1], message: m[2]?.trim() || null } : { code: null, message: s };
}

/** The parts to show, with `words(code)` our text for a code (undefined when we have none). */
export function bankReasonOf(code: string | null | undefined, message: string | null | undefined, words: (code: string) => string | undefined): BankReason {
  const c = code?.trim() || null;
  const theirs = message?.trim() || null;
  const ours = c ? (words(c) ?? null) : null;
  return { code: c, ours, theirs: theirs && theirs !== ours ? theirs : null };
}

/** As one line of text (exports, the attempts log): digits as they are, Turkish verbatim. */
export function bankReasonText(r: BankReason, locale: Locale): string {
  const head = [r.code && localDigits(r.code, locale), r.ours].filter(Boolean).join(' — ');
  if (!head) return r.theirs ?? '';
  return r.theirs ? `${head} (${r.theirs})` : head;
}

/** The same in a page: the Turkish message isolated, so it reads left to right inside Persian. */
export function BankReasonView({ reason, locale, testId }: { reason: BankReason; locale: Locale; testId?: string }) {
  if (!reason.code && !reason.ours && !reason.theirs) return <span data-testid={testId}>—</span>;
  return (
    <span data-testid={testId} data-code={reason.code ?? undefined}>
      {reason.code && <bdi dir="ltr">{localDigits(reason.code, locale)}</bdi>}
      {reason.code && reason.ours && ' — '}
      {reason.ours}
      {reason.theirs &&
        (reason.code || reason.ours ? (
          <span className="block text-muted">
            {' '}
            <bdi lang="tr" dir="ltr">{`(${reason.theirs})`}</bdi>
          </span>
        ) : (
          <bdi lang="tr" dir="ltr">
            {reason.theirs}
          </bdi>
        ))}
    </span>
  );
}
