import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { platforms, type User } from '@/db/schema';
import { actorOf } from '@/lib/actor';
import { makePlatform } from '@/test/fixtures';
import { invalid } from '@/lib/result';
import { saveLinkSettingsSchema, slipDecisionSchema, type LinkSettingsInput } from '@/lib/validation/payments';
import { saveLinkSettings } from './link-settings';
import { decideSlip } from './slips';

/**
 * For tests only: the payment-link calls as their server actions make them — the user's actor
 * from the guard, the input through the action's schema — so tests send raw form values.
 */
/** A platform approved straight away (the review itself is tested in lib/platforms). */
export async function approvePlatform(db: Db, platformId: string) {
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platformId));
}

export function saveLink(db: Db, user: Pick<User, 'id' | 'role'>, platformId: string, settings: Partial<LinkSettingsInput> | Record<string, unknown>) {
  const parsed = saveLinkSettingsSchema.safeParse({ ...settings, platformId });
  return parsed.success ? saveLinkSettings(db, actorOf(user), parsed.data) : Promise.resolve(invalid(parsed.error));
}

/** Link settings for a shop that takes deposit slips only, in Rials. */
export const SLIPS_ONLY = { displayUnit: 'rial', gateways: [], minAmount: '1000', maxAmount: '100000000', acceptSlips: true } as const;

let shops = 0;

/** An approved platform with an enabled payment link (Toman, sandbox gateway, slips accepted). */
export async function makeLinkShop(db: Db, over: Record<string, unknown> = {}) {
  const made = await makePlatform(db);
  await approvePlatform(db, made.platform.id);
  const handle = `shop-${Date.now().toString(36)}-${process.pid.toString(36)}-${shops++}`;
  const r = await saveLink(db, made.merchant, made.platform.id, {
    handle,
    title: 'Shop',
    displayUnit: 'toman',
    gateways: ['sandbox'],
    minAmount: '1000',
    maxAmount: '5000000',
    acceptSlips: true,
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { ...made, handle: r.data.handle, settings: r.data };
}

export function decide(db: Db, user: Pick<User, 'id' | 'role'>, input: Record<string, unknown>) {
  const parsed = slipDecisionSchema.safeParse(input);
  return parsed.success ? decideSlip(db, actorOf(user), parsed.data) : Promise.resolve(invalid(parsed.error));
}
