import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { HearthError } from '@hearth/common';
import { gateCountQuery, storeGateCounts } from '@hearth/telemetry';
import { withDatabase } from './with-database.js';

/**
 * `npm run history:import -- SITE FILE.csv [--readings=cumulative] [--entrance=door-main] [--dry-run] ...`:
 * imports a file of historical gate counts, as the API's POST
 * /api/v1/sites/SITE/history/gate-counts does, and prints the report.
 * Every option of the API is a `--name=value` flag here.
 */
const args = process.argv.slice(2);
const [site, file] = args.filter((a) => !a.startsWith('--'));
if (!site || !file) {
  process.stderr.write('usage: npm run history:import -- SITE FILE.csv [--readings=interval|cumulative] [--granularity=hour|day|month] [--measure=entries|exits|passes] [--entrance=KEY] [--dateOrder=dmy|mdy] [--rollover=N] [--preset=libinsight|suma] [--columns=JSON] [--dry-run]\n');
  process.exit(2);
}
const flags = Object.fromEntries(
  args
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [k, ...v] = a.slice(2).split('=');
      return k === 'dry-run' ? ['dryRun', 'true'] : [k!, v.join('=')];
    }),
);
const parsed = gateCountQuery.safeParse(flags);
if (!parsed.success) {
  process.stderr.write(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(2);
}
const { name, dryRun, ...options } = parsed.data;
try {
  const result = await withDatabase((ds) => storeGateCounts(ds, site, fs.createReadStream(file), { fileName: name ?? path.basename(file), options, dryRun: dryRun === 'true' }));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (e) {
  process.stderr.write(`${e instanceof HearthError ? e.message : (e as Error).stack}\nNothing was changed.\n`);
  process.exit(1);
}
