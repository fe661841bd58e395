import { sql } from 'drizzle-orm';
import type { Db } from '@/db';

/**
 * A web instance dying after a request's effects and before its Idempotency-Key's answer is stored,
 * simulated in the database: a trigger refuses the first store of a chosen key. A sequence counts
 * the stores (a sequence is not rolled back), so the retry's store goes through.
 */
export async function installCrashTrigger(db: Db): Promise<void> {
  // Test files run at once: one installs at a time (concurrent DDL on one function fails).
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('test_idem_crash'))`);
    await tx.execute(sql`create table if not exists test_idem_crash (idem text primary key, seq text not null)`);
    await tx.execute(sql`create or replace function test_idem_crash() returns trigger language plpgsql as $$
      declare s text;
      begin
        select seq into s from test_idem_crash where idem = new.idempotency_key;
        if s is not null and nextval(s) = 1 then raise exception 'simulated death before the answer was stored'; end if;
        return new;
      end $$`);
    // Left in place afterwards: it touches only the keys named in its table.
    await tx.execute(sql`create or replace trigger test_idem_crash before update on idempotency_keys for each row execute function test_idem_crash()`);
  });
}

let n = 0;

/** A fresh Idempotency-Key whose first stored answer fails, as if the process died right before storing it. */
export async function dyingKey(db: Db, what: string): Promise<string> {
  const idem = `${what}-${Date.now()}-${process.pid}-${n++}`;
  const seq = `test_idem_crash_${process.pid}_${Date.now()}_${n++}`;
  await db.execute(sql.raw(`create sequence ${seq}`));
  await db.execute(sql`insert into test_idem_crash (idem, seq) values (${idem}, ${seq})`);
  return idem;
}
