import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';

/**
 * A scratch database with Hearth's schema already migrated (so a spawned
 * server and the test agree on it from the first reading), and a plain
 * client on it for the test's own counts. End `sql` and drop `db` afterwards.
 */
export async function migratedDatabase(name: string): Promise<{ db: TestDatabase; sql: pg.Client }> {
  const db = await createTestDatabase(name);
  const { dataSource } = await openDatabase(db.url);
  await dataSource.destroy();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  return { db, sql };
}
