import { loadConfig, ConfigError } from '@hearth/config';
import { openDatabase, startEmbeddedPostgres } from '@hearth/database';
import type { DataSource } from 'typeorm';

/**
 * Runs a command-line task against the configured database (or the embedded
 * one under DATA_DIR when no DATABASE_URL is set), with migrations applied.
 */
export async function withDatabase<T>(task: (dataSource: DataSource, applied: string[]) => Promise<T>): Promise<T> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const embedded = config.database.url ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort });
  const { dataSource, applied } = await openDatabase(config.database.url ?? embedded!.url);
  try {
    return await task(dataSource, applied);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}
