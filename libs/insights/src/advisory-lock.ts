import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `task` while holding a PostgreSQL advisory lock, on one connection
 * kept for the purpose; returns undefined at once when another process
 * holds the lock. Background work that several processes could start (the
 * rollups, scheduled reports, retention) is done by one of them at a time.
 */
export async function withTryLock<T>(dataSource: DataSource, key: number, task: (runner: QueryRunner) => Promise<T>): Promise<T | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!locked) return undefined;
    try {
      return await task(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
