import type { DataSource } from 'typeorm';

/**
 * Visits a library imported from its own records (whole days or months of
 * gate counts, `gate_count`), for the service dates in [first, last].
 *
 * Arrivals are the "in" counts of doors whose "in" comes from outside the
 * building. A row spanning several days (a cumulative reading taken after a
 * gap) is shared equally among its days; a calendar month given as one
 * figure stays a month (`months`), since its days are unknown.
 */
export async function importedVisits(dataSource: DataSource, siteId: number, first: string, last: string): Promise<{ days: Map<string, number>; months: Map<string, number> }> {
  const rows: { first: string; last: string; days: number; visits: number; whole_month: boolean }[] = await dataSource.query(
    `SELECT to_char(g.first_date, 'YYYY-MM-DD') AS first, to_char(g.last_date, 'YYYY-MM-DD') AS last, (g.last_date - g.first_date + 1) AS days, sum(g.in_count)::float8 AS visits,
            (g.first_date = date_trunc('month', g.first_date)::date AND g.last_date = (date_trunc('month', g.first_date) + interval '1 month - 1 day')::date AND g.last_date > g.first_date) AS whole_month
     FROM gate_count g JOIN sensor s ON s.id = g.sensor_id
     WHERE s.site_id = $1 AND s.kind = 'door' AND s.door_out_zone_id IS NULL AND g.last_date >= $2 AND g.first_date <= $3
     GROUP BY g.first_date, g.last_date`,
    [siteId, first, last],
  );
  const days = new Map<string, number>();
  const months = new Map<string, number>();
  for (const r of rows) {
    if (r.whole_month) {
      months.set(r.first.slice(0, 7), (months.get(r.first.slice(0, 7)) ?? 0) + r.visits);
      continue;
    }
    const share = r.visits / r.days;
    for (let d = new Date(`${r.first}T00:00:00Z`), i = 0; i < r.days; i++, d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      if (date >= first && date <= last) days.set(date, (days.get(date) ?? 0) + share);
    }
  }
  return { days, months };
}
