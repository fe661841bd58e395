import { uuid } from 'drizzle-orm/pg-core';
import { requiredRef } from './columns';
import { currency, minorUnits, minorUnitsFromZero } from './money';
import { payments } from './payments';
import { platforms } from './services';
import { users } from './users';

/**
 * The columns refunds and dispute holds share: the payment and its platform and merchant, the
 * amount with its currency, and the parts of it taken from the platform's pending (this payment's
 * unsettled share) and withdrawable balances.
 */
export const takenFromPayment = () => ({
  id: uuid().primaryKey().defaultRandom(),
  paymentId: requiredRef(() => payments.id, 'restrict'),
  platformId: requiredRef(() => platforms.id, 'restrict'),
  merchantId: requiredRef(() => users.id, 'restrict'),
  amount: minorUnits().notNull(),
  currency: currency(),
  fromPending: minorUnitsFromZero(),
  fromWithdrawable: minorUnitsFromZero(),
});
