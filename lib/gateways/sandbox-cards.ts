/**
 * The sandbox bank's test cards, by what each makes the bank do. The one list of them: the sandbox
 * (lib/gateways/sandbox.ts), its pages, the tests and the Playwright specs all read it from here, so
 * this file imports nothing.
 */
export const SANDBOX_CARD = {
  success: '6037991000000004',
  insufficient: '6037991000000012',
  lost: '6037991000000020',
  verifyTimeout: '6037991000000038',
  twice: '6037991000000046',
  /** Pays, but the bank declines to refund it (the refund then goes to the payer's account). */
  refundDeclined: '6037991000000053',
  /** Pays, but a refund call times out; asking again later says it was done. */
  refundTimeout: '6037991000000061',
} as const;

export type SandboxBehaviour = keyof typeof SANDBOX_CARD;
