import path from 'node:path';
import { runMigrations } from '@/db/migrate';
import { DATA_DIR, ensureDatabase, loadDotEnv } from './lib';

loadDotEnv();
const { urls, embedded } = await ensureDatabase({ dir: path.join(DATA_DIR, 'pg'), persistent: true, databases: ['dargah'] });
await runMigrations(urls[0]);
console.log('migrations applied');
await embedded?.stop();
