/**
 * Creates a super admin (staff who invites the rest at /admin/staff and gives roles, its own
 * included), or promotes and re-passwords an existing account:
 *   npm run admin:create -- --mobile 0912... --first-name Sara --last-name Ahmadi --password '...'
 * The password may come from ADMIN_PASSWORD instead of the command line.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import en from '@/messages/en.json';
import { createDb } from '@/db';
import { runMigrations } from '@/db/migrate';
import { upsertUser } from '@/lib/auth/accounts';
import { grantStaffRolesAsSystem } from '@/lib/staff';
import { isCommonPassword } from '@/lib/auth/password';
import { mobileSchema, newPasswordSchema } from '@/lib/validation/auth';
import { DATA_DIR, ensureDatabase, loadDotEnv } from './lib';

const { values } = parseArgs({
  options: { mobile: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' }, password: { type: 'string' } },
});
const schema = z.object({
  mobile: mobileSchema,
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  password: newPasswordSchema.refine((p) => !isCommonPassword(p), 'passwordCommon'),
});
const parsed = schema.safeParse({
  mobile: values.mobile ?? '',
  firstName: values['first-name'] ?? 'Admin',
  lastName: values['last-name'] ?? 'Dargah',
  password: values.password ?? process.env.ADMIN_PASSWORD ?? '',
});
if (!parsed.success) {
  const messages = en.errors as Record<string, string>;
  for (const i of parsed.error.issues) console.error(`--${String(i.path[0])}: ${messages[i.message] ?? i.message}`);
  console.error("usage: npm run admin:create -- --mobile 09xxxxxxxxx --password '...' [--first-name X --last-name Y]");
  process.exit(2);
}

loadDotEnv();
const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'pg'), persistent: true, databases: ['dargah'] });
process.env.DATABASE_URL = urls[0];
await runMigrations(urls[0]);
const { db, client } = createDb(urls[0], { max: 1 });
const user = await upsertUser(db, { ...parsed.data, role: 'admin' });
await grantStaffRolesAsSystem(db, user.id, ['super_admin']);
console.log(`super admin ${user.mobile} (${user.firstName} ${user.lastName}) is ready; invite the rest of the staff at /admin/staff`);
await client.end();
await embedded?.stop();
