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
  const applied = opts.migrate === false ? [] : (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  return { dataSource, applied };
}
