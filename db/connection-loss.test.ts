import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * The server ending a transaction's connection (a restart, a failover, pg_terminate_backend,
 * idle_in_transaction_session_timeout) must cost that transaction a rejection, not the process.
 * postgres.js 3.4.9 wrote the transaction's own ROLLBACK on the socket it had just dropped and threw
 * outside any promise (an uncaught TypeError: a web process or the worker exits), and with that
 * guarded, ran the transaction's later statements on the reconnected session, outside the
 * transaction. vendor/postgres/PATCHED.md has the patch. The rounds run in a child process: the
 * crash ends the child, not this run.
 */
it('a transaction whose connection the server ends rejects; the process and its pool live on', () => {
  const rounds = 12;
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'connection-loss-child.ts'), String(rounds)], {
    env: { ...process.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = child.stdout.trim().split('\n');
  expect(child.stderr, child.stdout).not.toMatch(/TypeError|Cannot read properties of null/);
  expect(child.status, child.stderr).toBe(0);
  for (let i = 0; i < rounds; i++) {
    const line = lines.find((l) => l.startsWith(`${i} `));
    // Each transaction and each reserved query settles, rejected with a connection error.
    expect(line, child.stdout).toMatch(/^\d+ (busy|idle|reserved) rejected (CONNECTION_CLOSED|ECONNRESET)( rejected (CONNECTION_CLOSED|ECONNRESET))?$/);
  }
  // The pool's one connection serves a fresh query; no statement ran outside its transaction.
  expect(lines.slice(-3)).toEqual(['fresh 42', 'leaked 0', 'survived']);
}, 60_000);
