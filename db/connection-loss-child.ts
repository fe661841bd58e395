import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createDb } from './index';

/**
 * Run by connection-loss.test.ts in its own process: an uncaught exception here ends this process,
 * not the test run. The server ends a transaction's connection (pg_terminate_backend, as a restart,
 * a failover or idle_in_transaction_session_timeout would), `rounds` times on a pool of one, with a
 * statement in flight or with the transaction idle. Prints one line per round, then `survived`.
 */

const url = process.env.DATABASE_URL!;
const rounds = Number(process.argv[2] ?? 10);
// One connection: every round reuses the one the round before lost.
const { db, client } = createDb(url, { max: 1 });
const killer = postgres(url, { max: 1, onnotice: () => {} });
const marker = `pid${process.pid}`;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function round(i: number, idle: boolean) {
  let pid = 0;
  let begun!: () => void;
  const ready = new Promise<void>((r) => (begun = r));
  let killed!: () => void;
  const gone = new Promise<void>((r) => (killed = r));
  const tx = db.transaction(async (t) => {
    const [row] = (await t.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
    pid = row.pid;
    begun();
    if (idle) {
      await gone;
      // Must fail: were it sent, it would run on a new session, outside this transaction.
      await t.execute(sql`insert into test_connection_loss (marker, round) values (${marker}, ${i})`);
    } else {
      await t.execute(sql`select pg_sleep(5)`);
    }
  });
  const outcome = tx.then(
    () => 'resolved',
    (e: Error & { code?: string }) => `rejected ${e.code ?? e.message}`,
  );
  const early = await within(Promise.race([ready.then(() => null), outcome]), 5000, `round ${i} begin`);
  if (early) throw new Error(`round ${i} settled before its backend was killed: ${early}`);
  await killer`select pg_terminate_backend(${pid})`;
  if (idle) {
    // Other work takes the pool's one connection back (a reconnect) while the transaction is idle.
    await within(db.execute(sql`select 1`), 5000, `round ${i} pool query while idle`);
    killed();
  }
  const settled = await within(outcome, 5000, `round ${i} transaction`);
  process.stdout.write(`${i} ${idle ? 'idle' : 'busy'} ${settled}\n`);
  if (!settled.startsWith('rejected')) throw new Error(`round ${i}: the transaction whose backend was killed ${settled}`);
}

/** A reserved connection (reserve()) stays on its dead connection: its queries must reject, and release() must not hand the dead connection back to the pool. */
async function reserved(i: number) {
  const r = await within(client.reserve(), 5000, `round ${i} reserve`);
  const [{ pid }] = await r<{ pid: number }[]>`select pg_backend_pid() as pid`;
  await killer`select pg_terminate_backend(${pid})`;
  const first = await within(
    r`select 1`.then(
      () => 'resolved',
      (e: Error & { code?: string }) => `rejected ${e.code}`,
    ),
    5000,
    `round ${i} reserved query`,
  );
  const second = await within(
    r`select 1`.then(
      () => 'resolved',
      (e: Error & { code?: string }) => `rejected ${e.code}`,
    ),
    5000,
    `round ${i} reserved query`,
  );
  r.release();
  process.stdout.write(`${i} reserved ${first} ${second}\n`);
}

await killer`create table if not exists test_connection_loss (marker text not null, round int not null)`;
for (let i = 0; i < rounds; i++) await (i % 3 === 2 ? reserved(i) : round(i, i % 3 === 1));
const [{ n }] = (await within(db.execute(sql`select 42 as n`), 5000, 'fresh query')) as unknown as { n: number }[];
const leaked = await killer`select round from test_connection_loss where marker = ${marker}`;
process.stdout.write(`fresh ${n}\nleaked ${leaked.length}\n`);
await killer`delete from test_connection_loss where marker = ${marker}`;
await client.end({ timeout: 1 });
await killer.end({ timeout: 1 });
if (n === 42 && leaked.length === 0) process.stdout.write('survived\n');
