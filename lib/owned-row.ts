import { and, eq, type InferSelectModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db';
import { ownedBy, type Actor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

type OwnedTable = PgTable & { id: PgColumn; userId: PgColumn };

/**
 * One row of `table` by its id, if it is the actor's (staff: anyone's). A malformed id, another
 * merchant's row and no row at all are the same null, so an id reveals nothing it does not own.
 */
export async function ownedRow<T extends OwnedTable>(db: DbOrTx, actor: Actor, table: T, id: string): Promise<InferSelectModel<T> | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(table as OwnedTable)
    .where(and(eq(table.id, id), ownedBy(actor, table.userId)));
  return (row as InferSelectModel<T> | undefined) ?? null;
}
