import { env } from '@/lib/env';
import { paystarGateway } from './paystar';
import { sandboxGateway } from './sandbox';
import type { Gateway, GatewayId } from './types';

export type { Gateway, GatewayId } from './types';

/**
 * The gateways this deployment offers for live payments: PAYMENT_GATEWAYS (comma-separated).
 * The sandbox bank moves no real money, so production refuses it for live payments; test keys
 * always use it.
 */
export function liveGateways(): GatewayId[] {
  const e = env();
  return e.PAYMENT_GATEWAYS.filter((g) =>
    g === 'sandbox' ? e.APP_ENV !== 'production' : g === 'paystar' ? Boolean(e.PAYSTAR_GATEWAY_ID && e.PAYSTAR_SIGN_KEY) : false,
  );
}

const overrides = new Map<GatewayId, Gateway>();

/** Tests put a gateway pointed at a local fake server here. */
export function setGatewayForTests(id: GatewayId, gateway: Gateway | null) {
  if (gateway) overrides.set(id, gateway);
  else overrides.delete(id);
}

export function gatewayById(id: string): Gateway | null {
  if (id !== 'sandbox' && id !== 'paystar') return null;
  const o = overrides.get(id);
  if (o) return o;
  if (id === 'sandbox') return sandboxGateway();
  const e = env();
  if (!e.PAYSTAR_GATEWAY_ID || !e.PAYSTAR_SIGN_KEY) return null;
  return paystarGateway({ baseUrl: e.PAYSTAR_BASE_URL, gatewayId: e.PAYSTAR_GATEWAY_ID, signKey: e.PAYSTAR_SIGN_KEY });
}
