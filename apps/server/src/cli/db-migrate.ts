import 'reflect-metadata';
import { withDatabase } from './with-database.js';

/** `npm run db:migrate`: applies pending migrations and says which. */
await withDatabase(async (_ds, applied) => {
  process.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}\n` : 'The database schema is up to date.\n');
});
