import type { DataSource } from 'typeorm';

/**
 * What the ingest writers need from PostgreSQL: one parameterised statement at
 * a time, its rows and how many rows it touched. A `pg` pool fits it as is (the
 * ingest writer thread uses one); inside the Nest application it is the
 * TypeORM data source, through `dataSourceClient`.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[]; rowCount: number | null }>;
}

export function dataSourceClient(dataSource: DataSource): SqlClient {
  return {
    async query<T>(text: string, values?: unknown[]) {
      const runner = dataSource.createQueryRunner();
      try {
        const result = await runner.query(text, values, true);
        return { rows: result.records as T[], rowCount: result.affected ?? null };
      } finally {
        await runner.release();
      }
    },
  };
}
