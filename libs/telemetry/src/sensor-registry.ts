import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SensorKind } from '@hearth/contracts';

/**
 * Finds the sensor behind `<site>/<sensor>` in a topic or URL. A sensor nobody
 * has declared is recorded as unclaimed (no site) so its readings are kept
 * until someone claims it; its id never changes when it is claimed, so the
 * cache stays valid.
 */
@Injectable()
export class SensorRegistry {
  private readonly ids = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async resolve(siteKey: string, sensorKey: string, kind: SensorKind | null): Promise<{ id: number; claimed: boolean }> {
    const cacheKey = `${siteKey}/${sensorKey}`;
    const cached = this.ids.get(cacheKey);
    if (cached !== undefined) return { id: cached, claimed: true };
    const [declared] = await this.dataSource.query(`SELECT s.id FROM sensor s JOIN site ON site.id = s.site_id WHERE site.key = $1 AND s.key = $2`, [siteKey, sensorKey]);
    if (declared) {
      this.ids.set(cacheKey, declared.id);
      return { id: declared.id, claimed: true };
    }
    const [unclaimed] = await this.dataSource.query(
      `INSERT INTO sensor (site_id, key, kind, status) VALUES (NULL, $1, $2, 'unclaimed')
       ON CONFLICT (key) WHERE site_id IS NULL DO UPDATE SET updated_at = now() RETURNING id`,
      [sensorKey, kind],
    );
    // Unclaimed ids are not cached: once claimed, the sensor is found through its site.
    return { id: unclaimed.id, claimed: false };
  }

  forget(): void {
    this.ids.clear();
  }

  /** Marks sensors as seen, with their latest battery level where a heartbeat carried one. */
  async touch(seen: Map<number, { at: Date; battery: number | null }>): Promise<void> {
    if (seen.size === 0) return;
    const ids = [...seen.keys()];
    const at = ids.map((id) => seen.get(id)!.at.toISOString());
    const battery = ids.map((id) => seen.get(id)!.battery);
    await this.dataSource.query(
      `UPDATE sensor s SET last_seen_at = GREATEST(s.last_seen_at, u.at), battery_pct = COALESCE(u.battery, s.battery_pct)
       FROM unnest($1::int[], $2::timestamptz[], $3::real[]) AS u(id, at, battery) WHERE s.id = u.id`,
      [ids, at, battery],
    );
  }
}
