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
  floorIds: Map<string, number>;
  sensorIds: Map<string, number>;
  /** When the site's declaration last changed (cache key). */
  version: string;
}

const TTL_MS = 10_000;

/**
 * Loads sites for analytics, cached for a few seconds and reloaded as soon as
 * the site's declaration changes (its `updated_at`, or any zone or sensor).
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
      `SELECT s.id, concat_ws('/', s.updated_at, (SELECT max(updated_at) FROM sensor WHERE site_id = s.id), (SELECT count(*) FROM zone WHERE site_id = s.id),
         (SELECT count(*) FROM sensor WHERE site_id = s.id), (SELECT count(*) FROM site_period WHERE site_id = s.id)) AS version
       FROM site s WHERE s.key = $1`,
      [siteKey],
    );
    if (!row) throw new HearthError('NOT_FOUND', `no site "${siteKey}"`);
    if (hit && hit.model.version === row.version) {
      hit.at = Date.now();
      return hit.model;
    }
    const [file, zones, floors, sensors] = await Promise.all([
      this.spaces.exportSiteFile(siteKey),
      this.dataSource.query(`SELECT id, key FROM zone WHERE site_id = $1`, [row.id]) as Promise<{ id: number; key: string }[]>,
      this.dataSource.query(`SELECT id, key FROM floor WHERE site_id = $1`, [row.id]) as Promise<{ id: number; key: string }[]>,
      this.dataSource.query(`SELECT id, key FROM sensor WHERE site_id = $1`, [row.id]) as Promise<{ id: number; key: string }[]>,
    ]);
    const model: SiteModel = {
      id: row.id,
      file: siteFileSchema.parse(file),
      zoneIds: new Map(zones.map((z) => [z.key, z.id])),
      zoneKeys: new Map(zones.map((z) => [z.id, z.key])),
      floorIds: new Map(floors.map((f) => [f.key, f.id])),
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
