import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The one description of Hearth's database, read by the Nest module, the
 * migration command and the tests alike. The schema changes only through
 * migrations: `synchronize` is off everywhere.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'hearth' },
  };
}

/** Opens a data source and applies pending migrations; returns the names of those applied. */
export async function openDatabase(url: string, opts: { migrate?: boolean; poolSize?: number } = {}): Promise<{ dataSource: DataSource; applied: string[] }> {
  const dataSource = new DataSource(dataSourceOptions(url, opts.poolSize));
  await dataSource.initialize();
  const applied = opts.migrate === false ? [] : await migrateExclusively(dataSource);
  return { dataSource, applied };
}

/** Arbitrary, fixed: the advisory lock that serialises Hearth's migrations across processes. */
const MIGRATION_LOCK = 7_461_320_001;

/** Runs pending migrations while holding an advisory lock, so workers starting together take turns. */
async function migrateExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
