/**
 * How an amount is shared among parties in proportion to weights, exactly: each gets the floor of
 * its exact share, and the Rials left over go one each to the largest remainders (ties to the
 * earlier party). The parts always sum to the amount, and no part exceeds its exact share rounded
 * up, so a party is never given more than its weight allows when the amount is at most the weights'
 * sum. Pure, so the confirm step in the browser shows what the server will do.
 */
export function largestRemainder(amount: bigint, weights: bigint[]): bigint[] {
  if (amount < 0n) throw new Error('amount must not be negative');
  if (weights.some((w) => w < 0n)) throw new Error('weights must not be negative');
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (amount === 0n) return weights.map(() => 0n);
  if (sum === 0n) throw new Error('nothing to share by');
  const parts = weights.map((w) => (amount * w) / sum);
  const rests = weights.map((w, i) => ({ i, rest: (amount * w) % sum }));
  let left = amount - parts.reduce((a, p) => a + p, 0n);
  rests.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i, rest } of rests) {
    if (left === 0n) break;
    if (rest === 0n) continue;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * Who pays the facilitator's fee of a split payment: the marketplace from its own share (the main
 * part, the first), or every party pro rata by its share. Null when the marketplace's share cannot
 * carry the fee it took on.
 */
export function feeShares(fee: bigint, shares: bigint[], payer: 'marketplace' | 'pro_rata'): bigint[] | null {
  if (payer === 'marketplace') {
    if (shares[0] < fee) return null;
    return shares.map((_, i) => (i === 0 ? fee : 0n));
  }
  return largestRemainder(fee, shares);
}

export type PartForRefund = { share: bigint; fee: bigint; refunded: bigint; feeReturned: bigint };

/**
 * A refund of `amount` of a split payment, taken back from each party pro rata by what is left of
 * its share; `feeReturned` (the fee the facilitator gives back, if any) is shared by what is left of
 * each party's fee, and no party is given back more fee than its part of the refund. Returns each
 * party's part of the refund and of the fee given back; `debit = part − feeBack`.
 */
export function refundShares(amount: bigint, feeReturned: bigint, parts: PartForRefund[]): { part: bigint; feeBack: bigint }[] {
  const left = parts.map((p) => p.share - p.refunded);
  const total = left.reduce((a, x) => a + x, 0n);
  if (amount > total) throw new Error('refund above what is left');
  const share = largestRemainder(amount, left);
  const feeLeft = parts.map((p) => p.fee - p.feeReturned);
  const feeSum = feeLeft.reduce((a, x) => a + x, 0n);
  const back = feeSum === 0n ? parts.map(() => 0n) : largestRemainder(feeReturned < feeSum ? feeReturned : feeSum, feeLeft);
  return share.map((part, i) => ({ part, feeBack: back[i] < part ? back[i] : part }));
}
