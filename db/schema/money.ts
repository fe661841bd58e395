import { sql } from 'drizzle-orm';
import { bigint, check, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * Every amount travels with its currency (ISO 4217): Rials today, Turkish lira for the virtual POS
 * (recorded, never held in Dargah's ledger). Amounts are integers in the currency's minor unit.
 */
export const CURRENCIES = ['IRR', 'TRY'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** The currency column of a table that carries amounts; rows written before it are Rials. */
export const currency = () => varchar({ length: 3 }).$type<Currency>().notNull().default('IRR');

/** The CHECK that keeps a currency column to the known codes. */
export const knownCurrency = (name: string, column: AnyPgColumn) => check(name, sql`${column} in ('IRR', 'TRY')`);

/** An amount in its currency's minor unit (Rials; kuruş for lira), as a bigint. */
export const minorUnits = () => bigint({ mode: 'bigint' });

/** An amount that starts at zero: balances, fees, the parts a refund or a hold was taken from. */
export const minorUnitsFromZero = () =>
  bigint({ mode: 'bigint' })
    .notNull()
    .default(sql`0`);
