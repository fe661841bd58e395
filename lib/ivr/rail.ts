import type { DbOrTx } from '@/db';
import { connectorSettings } from '@/lib/connectors';
import type { BankAnswer, CallLog } from '@/lib/gateways/types';
import { paystarIvrClient } from './paystar-ivr';

/**
 * PayStar's IVR as the rail of a platform's phone payments: invoices are made with its
 * create-factor and their result is learned by polling its result inquiry (no callback is
 * documented). The client is built from the `paystar-ivr` connector at each use, so a change of
 * credentials in /admin/connectors takes effect at once.
 */
export type RailCreateResult = ({ ok: true; trackingCode: string } | { ok: false; reason: string; retryable: boolean }) & { log: CallLog };

export interface IvrRailClient {
  createFactor(input: {
    amount: bigint;
    orderId: string;
    customerName?: string | null;
    email?: string | null;
    phone?: string | null;
  }): Promise<RailCreateResult>;
  result(trackingCode: string): Promise<BankAnswer & { log: CallLog }>;
}

let override: IvrRailClient | null = null;

/** Tests point the rail at a local fake PayStar IVR here. */
export function setIvrRailForTests(client: IvrRailClient | null) {
  override = client;
}

/**
 * PayStar's IVR client as configured now (the `paystar-ivr` connector, read on every use), or null
 * when it is not configured (or, for new invoices, switched off by staff).
 */
export async function ivrRail(db: DbOrTx, use: 'new' | 'poll' = 'new'): Promise<IvrRailClient | null> {
  if (override) return override;
  const s = await connectorSettings(db, 'paystar-ivr');
  // Switched off: no new invoices there, but the ones already made are still asked about.
  return s && (s.enabled || use === 'poll') ? paystarIvrClient({ baseUrl: s.baseUrl, gatewayId: s.gatewayId, timeoutMs: s.timeoutMs }) : null;
}
