import type { Result } from '@/lib/result';

/** What the online-collection screen shows: never the card, only its first six and last four. */
export type CollectResult =
  | { step: 'paid'; paymentId: string; trackingCode: string; referenceCode: string; amount: string; cardMasked: string; installments: number }
  | { step: '3d'; paymentId: string; trackingCode: string; html: string }
  | { step: 'declined'; paymentId: string; trackingCode: string; bankCode: string | null; message: string };

/** A cancel's or refund's outcome with the bank's answer. */
export type ReversalResult = { state: 'succeeded' | 'failed' | 'unknown'; bankCode: string | null; message: string | null };

/** A server action as the client components receive it (passed down by the pages). */
export type ActionFn<I, T = undefined> = (input: I) => Promise<Result<T>>;
