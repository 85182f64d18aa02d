import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { siteFileSchema, type SiteFile } from '@hearth/contracts';
import { HearthError } from '@hearth/common';
import { SpacesService } from '@hearth/spaces';

/** A site as analytics need it: its site file (calendar, floors, zones, sensors) and database ids. */
export interface SiteModel {
  id: number;
  file: SiteFile;
  zoneIds: Map<string, number>;
  zoneKeys: Map<number, string>;
  sensorIds: Map<string, number>;
  /** A hash of the site's declaration (cache key): it changes whenever the declaration does. */
  version: string;
}

const TTL_MS = 10_000;

/**
 * Loads sites for analytics, cached for a few seconds, then reloaded if the
 * hash of its declaration (site, floors, zones, periods, sensors) changed.
 */
@Injectable()
export class SiteModelService {
  private readonly cache = new Map<string, { at: number; model: SiteModel }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly spaces: SpacesService,
  ) {}

  async get(siteKey: string): Promise<SiteModel> {
    const hit = this.cache.get(siteKey);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.model;
    const [row] = await this.dataSource.query(
      // Every row analytics read from the declaration, hashed: a zone's new capacity or polygon, a floor's
      // size, a period or a sensor's move all change it.
      `SELECT s.id, md5(concat_ws('/', s::text,
         (SELECT string_agg(concat_ws(':', f.id, f.key, f.name, f.ordinal, f.width_m, f.height_m), ',' ORDER BY f.id) FROM floor f WHERE f.site_id = s.id),
         (SELECT string_agg(z::text, ',' ORDER BY z.id) FROM zone z WHERE z.site_id = s.id),
         (SELECT string_agg(p::text, ',' ORDER BY p.id) FROM site_period p WHERE p.site_id = s.id),
         (SELECT string_agg(concat_ws(':', x.id, x.key, x.kind, x.status, x.floor_id, x.position_x_m, x.position_y_m, x.zone_id, x.door_in_zone_id, x.door_out_zone_id, x.counter_rollover), ',' ORDER BY x.id)
            FROM sensor x WHERE x.site_id = s.id))) AS version
       FROM site s WHERE s.key = $1`,
      [siteKey],
    );
    if (!row) throw new HearthError('NOT_FOUND', `no site "${siteKey}"`);
    if (hit && hit.model.version === row.version) {
      hit.at = Date.now();
      return hit.model;
    }
    const [file, zones, sensors] = await Promise.all([
      this.spaces.exportSiteFile(siteKey),
      this.dataSource.query(`SELECT id, key FROM zone WHERE site_id = $1`, [row.id]) as Promise<{ id: number; key: string }[]>,
      this.dataSource.query(`SELECT id, key FROM sensor WHERE site_id = $1`, [row.id]) as Promise<{ id: number; key: string }[]>,
    ]);
    const model: SiteModel = {
      id: row.id,
      file: siteFileSchema.parse(file),
      zoneIds: new Map(zones.map((z) => [z.key, z.id])),
      zoneKeys: new Map(zones.map((z) => [z.id, z.key])),
      sensorIds: new Map(sensors.map((s) => [s.key, s.id])),
      version: row.version,
    };
    this.cache.set(siteKey, { at: Date.now(), model });
    return model;
  }

  /** The site a floor belongs to, with the floor's key. */
  async forFloor(floorId: number): Promise<{ model: SiteModel; floorKey: string }> {
    const [row] = await this.dataSource.query(`SELECT f.key AS floor, s.key AS site FROM floor f JOIN site s ON s.id = f.site_id WHERE f.id = $1`, [floorId]);
    if (!row) throw new HearthError('NOT_FOUND', `no floor ${floorId}`);
    return { model: await this.get(row.site), floorKey: row.floor };
  }
}
