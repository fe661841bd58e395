import { timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

type OnDelete = 'cascade' | 'restrict' | 'set null' | 'no action';

/** A required reference to another table's row (`owner: requiredRef(() => users.id, 'restrict')`). */
export const requiredRef = (target: () => AnyPgColumn, onDelete: OnDelete) => uuid().notNull().references(target, { onDelete });

/** A moment in time, with its zone (every timestamp of the schema). */
export const at = () => timestamp({ withTimezone: true });

/** When a row was made: now, by the database. */
export const madeAt = () => at().notNull().defaultNow();
