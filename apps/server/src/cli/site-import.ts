import 'reflect-metadata';
import fs from 'node:fs';
import { parseSiteFile, SiteFileError, SiteImportService } from '@hearth/spaces';
import { withDatabase } from './with-database.js';

/** `npm run site:import -- FILE [--dry-run]`: creates or updates a library from its site file. */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run site:import -- FILE.yaml [--dry-run]\n');
  process.exit(2);
}
let siteFile;
try {
  siteFile = parseSiteFile(fs.readFileSync(file, 'utf8'), file);
} catch (e) {
  if (e instanceof SiteFileError) {
    process.stderr.write(`${e.message}\nNothing was changed.\n`);
    process.exit(1);
  }
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
const report = await withDatabase((ds) => new SiteImportService(ds).import(siteFile, { dryRun: args.includes('--dry-run') }));
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
