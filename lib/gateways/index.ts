import type { DbOrTx } from '@/db';
import { connectorSettings } from '@/lib/connectors';
import { env } from '@/lib/env';
import { paystarGateway } from './paystar';
import { sandboxGateway } from './sandbox';
import { paystarIvrGateway } from '@/lib/ivr/paystar-ivr';
import { podGateway, podInvoiceIdOf, podRail } from '@/lib/rails/pod';
import type { Gateway, GatewayId, RailId } from './types';
import { observeGatewayCall } from '@/lib/metrics';

export type { Gateway, GatewayId } from './types';

/**
 * The gateways this deployment offers for live payments: PAYMENT_GATEWAYS (comma-separated), each
 * only while it is configured and switched on (`lib/connectors`, read now, so a change staff make on
 * /admin/connectors holds at once). The sandbox bank moves no real money, so production refuses it
 * for live payments; test keys always use it.
 */
export async function liveGateways(db: DbOrTx): Promise<GatewayId[]> {
  const e = env();
  const offered: GatewayId[] = [];
  for (const g of e.PAYMENT_GATEWAYS) {
    if (g === 'sandbox' ? e.APP_ENV !== 'production' : Boolean((await connectorSettings(db, 'paystar'))?.enabled)) offered.push(g);
  }
  return offered;
}

const overrides = new Map<RailId, Gateway>();

/** Tests put a gateway pointed at a local fake server here. */
export function setGatewayForTests(id: RailId, gateway: Gateway | null) {
  if (gateway) overrides.set(id, gateway);
  else overrides.delete(id);
}

/**
 * A gateway by its id, built from what its connector holds now (a switched-off connector still
 * verifies, inquires and refunds the payments it already has), or null when it is not configured.
 */
export async function gatewayById(db: DbOrTx, id: string): Promise<Gateway | null> {
  const g = await buildGateway(db, id);
  return g && instrumented(g);
}

const OPS = ['start', 'verify', 'inquire', 'refund', 'inquireRefund'] as const;

/**
 * The same gateway, with each call's time and the bank's answer recorded in
 * `dargah_gateway_call_duration_seconds` (the verify latency among them), wherever it is called from.
 */
function instrumented(g: Gateway): Gateway {
  const out = { ...g } as unknown as Record<string, unknown>;
  for (const op of OPS) {
    if (!g[op]) continue;
    // Looked up at call time: a test may swap a fake's method after handing the fake over.
    out[op] = (input: never) => observeGatewayCall(g.id, op, () => (g[op] as (input: never) => Promise<unknown>).call(g, input));
  }
  return out as unknown as Gateway;
}

async function buildGateway(db: DbOrTx, id: string): Promise<Gateway | null> {
  if (id !== 'sandbox' && id !== 'paystar' && id !== 'paystar-ivr' && id !== 'pod' && id !== 'nkolay') return null;
  const o = overrides.get(id);
  if (o) return o;
  if (id === 'paystar-ivr') {
    // PayStar's phone rail: its payments verify and inquire by PayStar's result inquiry.
    const s = await connectorSettings(db, 'paystar-ivr');
    return s && paystarIvrGateway({ baseUrl: s.baseUrl, gatewayId: s.gatewayId, timeoutMs: s.timeoutMs });
  }
  if (id === 'pod') {
    // POD's split-invoice rail: the payer pays the POD invoice the split-invoice domain mirrored.
    const client = await podRail(db);
    return client && podGateway({ client, invoiceIdOf: (orderId) => podInvoiceIdOf(db, orderId) });
  }
  // N Kolay: each lira payment runs on the virtual POS definition it names (lib/vpos).
  if (id === 'nkolay') return (await import('@/lib/vpos/gateway')).nkolayGateway(db);
  if (id === 'sandbox') return sandboxGateway();
  const s = await connectorSettings(db, 'paystar');
  return s && paystarGateway({ baseUrl: s.baseUrl, gatewayId: s.gatewayId, signKey: s.signKey, timeoutMs: s.timeoutMs });
}
