import type { SensorKind } from '@hearth/contracts';
import type { SqlClient } from './sql-client.js';

export interface SensorRef {
  site: string;
  sensor: string;
  kind: SensorKind | null;
}

const MAX_CACHE = 200_000;

/**
 * Finds the sensors behind `<site>/<sensor>` topics, a whole batch at a time.
 * A sensor nobody has declared is recorded as unclaimed, remembering the site
 * its topic named, so its readings are kept until someone claims it. A
 * sensor's id never changes when it is claimed, so cached ids stay valid.
 */
export class SensorRegistry {
  private readonly ids = new Map<string, number>();

  constructor(private readonly sql: SqlClient) {}

  /** Ids for every reference, keyed `<site>/<sensor>`; one query for the ones not cached, two more for those it creates. */
  async resolveMany(refs: SensorRef[]): Promise<Map<string, number>> {
    // The answer is built as it goes, not read back from the cache, which may be cleared on the way.
    const out = new Map<string, number>();
    const wanted = new Map<string, SensorRef>();
    for (const r of refs) {
      const k = `${r.site}/${r.sensor}`;
      const id = this.ids.get(k);
      if (id !== undefined) out.set(k, id);
      else if (!wanted.has(k)) wanted.set(k, r);
    }
    if (wanted.size > 0) {
      const sites = [...wanted.values()].map((r) => r.site);
      const sensors = [...wanted.values()].map((r) => r.sensor);
      const { rows: found } = await this.sql.query<{ site: string; sensor: string; id: number | null }>(
        `SELECT w.site, w.sensor, COALESCE(declared.id, unclaimed.id) AS id
         FROM unnest($1::text[], $2::text[]) AS w(site, sensor)
         LEFT JOIN LATERAL (SELECT s.id FROM sensor s JOIN site ON site.id = s.site_id WHERE site.key = w.site AND s.key = w.sensor) declared ON true
         LEFT JOIN LATERAL (SELECT s.id FROM sensor s WHERE s.site_id IS NULL AND s.announced_site_key = w.site AND s.key = w.sensor) unclaimed ON true`,
        [sites, sensors],
      );
      const missing = found.filter((f) => f.id === null);
      if (missing.length > 0) {
        await this.sql.query(
          `INSERT INTO sensor (site_id, announced_site_key, key, kind, status)
           SELECT NULL, m.site, m.sensor, m.kind::sensor_kind, 'unclaimed' FROM unnest($1::text[], $2::text[], $3::text[]) AS m(site, sensor, kind)
           ON CONFLICT (announced_site_key, key) WHERE site_id IS NULL DO NOTHING`,
          [missing.map((m) => m.site), missing.map((m) => m.sensor), missing.map((m) => wanted.get(`${m.site}/${m.sensor}`)?.kind ?? null)],
        );
        const { rows: created } = await this.sql.query<{ site: string; sensor: string; id: number }>(
          `SELECT s.announced_site_key AS site, s.key AS sensor, s.id FROM sensor s JOIN unnest($1::text[], $2::text[]) AS m(site, sensor) ON s.site_id IS NULL AND s.announced_site_key = m.site AND s.key = m.sensor`,
          [missing.map((m) => m.site), missing.map((m) => m.sensor)],
        );
        for (const c of created) this.remember(out, `${c.site}/${c.sensor}`, c.id);
      }
      for (const f of found) if (f.id !== null) this.remember(out, `${f.site}/${f.sensor}`, f.id);
    }
    return out;
  }

  /**
   * Which of `ids` are retired sensors. Asked for every batch (one indexed
   * query), not cached: a sensor retired in the dashboard stops taking
   * readings at once, in every ingest process.
   */
  async retiredAmong(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.sql.query<{ id: number }>(`SELECT id FROM sensor WHERE id = ANY($1::int[]) AND status = 'retired'`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  private remember(out: Map<string, number>, key: string, id: number): void {
    out.set(key, id);
    if (this.ids.size >= MAX_CACHE) this.ids.clear();
    this.ids.set(key, id);
  }

  /** Marks sensors as seen, with their latest battery level where a heartbeat carried one. */
  async touch(seen: Map<number, { at: number; battery: number | null }>): Promise<void> {
    if (seen.size === 0) return;
    const ids = [...seen.keys()];
    const at = ids.map((id) => new Date(seen.get(id)!.at).toISOString());
    const battery = ids.map((id) => seen.get(id)!.battery);
    await this.sql.query(
      `UPDATE sensor s SET last_seen_at = GREATEST(s.last_seen_at, u.at), battery_pct = COALESCE(u.battery, s.battery_pct)
       FROM unnest($1::int[], $2::timestamptz[], $3::real[]) AS u(id, at, battery) WHERE s.id = u.id`,
      [ids, at, battery],
    );
  }
}
