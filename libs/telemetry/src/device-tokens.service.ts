import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { HearthError } from '@hearth/common';
import { DeviceTokenEntity } from './entities/device-token.entity.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const CACHE_MS = 30_000;

interface Grant {
  site: string;
  /** null: any sensor of the site. */
  sensor: string | null;
  revoked: boolean;
  until: number;
}

/**
 * Issues, lists, revokes and checks device tokens. A token is 32 random bytes;
 * only its hash is stored, and checks are cached briefly so that HTTP push
 * does not cost a query per request.
 */
@Injectable()
export class DeviceTokensService {
  private readonly cache = new Map<string, Grant>();

  constructor(private readonly dataSource: DataSource) {}

  async issue(siteKey: string, opts: { sensor?: string; label?: string }) {
    const [site] = await this.dataSource.query(`SELECT id FROM site WHERE key = $1`, [siteKey]);
    if (!site) throw HearthError.notFound('site', siteKey);
    let sensorId: number | null = null;
    if (opts.sensor) {
      const [sensor] = await this.dataSource.query(`SELECT id FROM sensor WHERE site_id = $1 AND key = $2`, [site.id, opts.sensor]);
      if (!sensor) throw new HearthError('INVALID_INPUT', `sensor "${opts.sensor}" does not exist in site "${siteKey}"`);
      sensorId = sensor.id;
    }
    const token = `hth_${randomBytes(32).toString('base64url')}`;
    const saved = await this.dataSource.getRepository(DeviceTokenEntity).save({
      siteId: site.id,
      sensorId,
      tokenHash: hash(token),
      label: opts.label ?? (opts.sensor ? `sensor ${opts.sensor}` : `site ${siteKey}`),
    });
    return { id: saved.id, site: siteKey, sensor: opts.sensor ?? null, label: saved.label, createdAt: saved.createdAt, token };
  }

  async list(siteKey: string) {
    const rows: { id: number; label: string; sensor: string | null; created_at: Date; revoked_at: Date | null }[] = await this.dataSource.query(
      `SELECT t.id, t.label, s.key AS sensor, t.created_at, t.revoked_at FROM device_token t JOIN site ON site.id = t.site_id LEFT JOIN sensor s ON s.id = t.sensor_id WHERE site.key = $1 ORDER BY t.id`,
      [siteKey],
    );
    return rows.map((r) => ({ id: r.id, site: siteKey, sensor: r.sensor, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  async revoke(id: number): Promise<void> {
    const res = await this.dataSource.getRepository(DeviceTokenEntity).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!res.affected) throw HearthError.notFound('active device token', id);
    this.cache.clear();
  }

  /** True for a live token of the whole site (vendor pushes name many devices, so a sensor's token will not do). */
  async allowsSite(token: string, site: string): Promise<boolean> {
    return this.allows(token, site, null);
  }

  /** Whether `token` may push readings for `<site>/<sensor>` (`sensor` null: for the whole site). */
  async allows(token: string, site: string, sensor: string | null): Promise<boolean> {
    const grant = await this.lookup(token);
    return !!grant && !grant.revoked && grant.site === site && (grant.sensor === null || grant.sensor === sensor);
  }

  /**
   * What a live token allows (its site, and its sensor or null for the whole
   * site); null for an unknown or revoked token. The MQTT broker asks this
   * when a device connects, with the token as the password.
   */
  async grantOf(token: string): Promise<{ site: string; sensor: string | null } | null> {
    const grant = await this.lookup(token);
    return grant && !grant.revoked ? { site: grant.site, sensor: grant.sensor } : null;
  }

  /**
   * Every site's integration topic filters, by site key: the topics a site's
   * token may publish to besides `hearth/v1/<site>/<sensor>`.
   */
  async integrationTopics(): Promise<Map<string, string[]>> {
    const rows: { site: string; topic: string }[] = await this.dataSource.query(
      `SELECT site.key AS site, i->>'topic' AS topic FROM site, jsonb_array_elements(site.integrations) i WHERE i->>'topic' IS NOT NULL ORDER BY site.key`,
    );
    const topics = new Map<string, string[]>();
    for (const r of rows) topics.set(r.site, [...(topics.get(r.site) ?? []), r.topic]);
    return topics;
  }

  private async lookup(token: string): Promise<Grant | undefined> {
    const h = hash(token);
    let grant = this.cache.get(h);
    if (!grant || grant.until < Date.now()) {
      const [row] = await this.dataSource.query(
        `SELECT site.key AS site, s.key AS sensor, t.revoked_at IS NOT NULL AS revoked FROM device_token t JOIN site ON site.id = t.site_id LEFT JOIN sensor s ON s.id = t.sensor_id WHERE t.token_hash = $1`,
        [h],
      );
      if (!row) return undefined;
      grant = { site: row.site, sensor: row.sensor, revoked: row.revoked, until: Date.now() + CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(h, grant);
    }
    return grant;
  }
}
