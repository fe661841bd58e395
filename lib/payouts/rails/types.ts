/**
 * A payout upstream ("rail"): how approved payouts reach a bank. The states a payout travels
 * (approved → sent → paid | returned) and their postings live in `lib/payouts`; a rail only turns
 * a batch into what the bank takes and the bank's answer back into outcomes, so an API rail (a
 * bank's transfer API) can sit beside the file rail without changing the states.
 */

/** One transfer as the bank sees it. */
export type RailTransfer = {
  payoutId: string;
  /** What the rail quotes to the bank for this transfer and the bank quotes back in its result. */
  reference: string;
  sheba: string;
  /** What arrives at the destination, in Rials (the payout's amount less the transfer fee). */
  amount: bigint;
  holderName: string;
  description: string;
};

export type RailBatch = { reference: string; createdAt: Date; transfers: RailTransfer[] };

/** A built bank file. */
export type RailFile = { bytes: Buffer; contentType: string; extension: string };

/** One row of the bank's answer: which transfer (by our reference, else by sheba), and what became of it. */
export type RailOutcome = {
  line: number;
  reference: string | null;
  sheba: string | null;
  outcome: 'paid' | 'returned';
  bankRef: string | null;
  reason: string | null;
};

export type RailParseError = { line: number; error: 'statusUnknown' | 'rowUnmatched' | 'reasonMissing' };

export type RailResult = { outcomes: RailOutcome[]; errors: RailParseError[] };

export interface FileRail {
  kind: 'file';
  /** Stored on the batch (`payout_batches.rail`). */
  id: string;
  buildFile(batch: RailBatch): Promise<RailFile>;
  /** The bank's result file; null when it is no file this rail reads. */
  parseResult(bytes: Buffer): Promise<RailResult | null>;
}

export type PayoutRail = FileRail;
