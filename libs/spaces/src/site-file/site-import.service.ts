import { Injectable } from '@nestjs/common';
import { polygonArea } from 'd3-polygon';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { adapterNames, envelopeNames } from '@hearth/adapters';
import { HearthError } from '@hearth/common';
import { OUTSIDE, type FloorInput, type SiteFile } from '@hearth/contracts';
import { FloorEntity, SensorEntity, SiteEntity, SitePeriodEntity, ZoneEntity } from '../entities/index.js';
import { floorFields } from '../floor-fields.js';

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface SiteImportReport {
  site: string;
  dryRun: boolean;
  /** True when the import changed nothing (the file matches what is stored). */
  unchanged: boolean;
  siteChange: 'created' | 'updated' | 'unchanged';
  periods: EntityCounts;
  floors: EntityCounts;
  zones: EntityCounts;
  /** Sensors missing from the file are retired (their history is kept), not deleted; `removed` counts those. */
  sensors: EntityCounts & { claimed: number };
}

const counts = (): EntityCounts => ({ created: 0, updated: 0, unchanged: 0, removed: 0 });

/** Area of a polygon in the floor's metre frame. */
export function polygonAreaM2(points: [number, number][]): number {
  return Math.abs(polygonArea(points));
}

class DryRunRollback extends Error {}

/**
 * Makes the stored library match a site file, in one transaction. Keys are the
 * identity, and a row is written only when it differs, so importing the same
 * file twice changes nothing the second time. A sensor that published before
 * it was declared (unclaimed) is claimed by the site that declares it, with
 * its history.
 */
@Injectable()
export class SiteImportService {
  constructor(private readonly dataSource: DataSource) {}

  async import(file: SiteFile, opts: { dryRun?: boolean } = {}): Promise<SiteImportReport> {
    let report: SiteImportReport | undefined;
    try {
      await this.dataSource.transaction(async (em) => {
        report = await this.apply(em, file, !!opts.dryRun);
        if (opts.dryRun) throw new DryRunRollback();
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    return report!;
  }

  private async apply(em: EntityManager, file: SiteFile, dryRun: boolean): Promise<SiteImportReport> {
    const report: SiteImportReport = {
      site: file.site.id,
      dryRun,
      unchanged: false,
      siteChange: 'unchanged',
      periods: counts(),
      floors: counts(),
      zones: counts(),
      sensors: { ...counts(), claimed: 0 },
    };

    // Serialise concurrent imports of the same site.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`site:${file.site.id}`]);
    await checkVendorNames(em, file);

    const siteRepo = em.getRepository(SiteEntity);
    let site = await siteRepo.findOneBy({ key: file.site.id });
    const siteFields = { name: file.site.name, timeZone: file.site.timeZone, serviceDayStart: file.site.serviceDayStart, openingHours: file.site.openingHours, layoutChanges: file.site.changes, integrations: file.integrations };
    if (!site) {
      site = await siteRepo.save(siteRepo.create({ key: file.site.id, ...siteFields }));
      report.siteChange = 'created';
    } else if (differs(site, siteFields)) {
      Object.assign(site, siteFields);
      site = await siteRepo.save(site);
      report.siteChange = 'updated';
    }
    const siteId = site.id;

    await this.syncPeriods(em, siteId, file, report);
    const floorIds = await this.syncFloors(em, siteId, file.floors, report);
    const zoneIds = await this.syncZones(em, siteId, file.floors, floorIds, report);
    await this.syncSensors(em, siteId, file.site.id, file.floors, floorIds, zoneIds, report);

    const changed = [report.periods, report.floors, report.zones, report.sensors].some((c) => c.created + c.updated + c.removed > 0);
    report.unchanged = report.siteChange === 'unchanged' && !changed && report.sensors.claimed === 0;
    return report;
  }

  private async syncPeriods(em: EntityManager, siteId: number, file: SiteFile, report: SiteImportReport): Promise<void> {
    const repo = em.getRepository(SitePeriodEntity);
    const existing = await repo.findBy({ siteId });
    const identity = (kind: string, name: string, from: string) => `${kind}\u0000${name}\u0000${from}`;
    const byIdentity = new Map(existing.map((p) => [identity(p.kind, p.name, p.startsOn), p]));
    const seen = new Set<number>();
    for (const p of file.site.periods) {
      const found = byIdentity.get(identity(p.kind, p.name, p.from));
      if (!found) {
        const created = await repo.save(repo.create({ siteId, kind: p.kind, name: p.name, startsOn: p.from, endsOn: p.to }));
        seen.add(created.id);
        report.periods.created++;
      } else {
        seen.add(found.id);
        if (found.endsOn !== p.to) {
          await repo.update(found.id, { endsOn: p.to });
          report.periods.updated++;
        } else report.periods.unchanged++;
      }
    }
    const stale = existing.filter((p) => !seen.has(p.id));
    if (stale.length) await repo.delete(stale.map((p) => p.id));
    report.periods.removed = stale.length;
  }

  private async syncFloors(em: EntityManager, siteId: number, floors: FloorInput[], report: SiteImportReport): Promise<Map<string, number>> {
    const repo = em.getRepository(FloorEntity);
    const existing = new Map((await repo.findBy({ siteId })).map((f) => [f.key, f]));
    const ids = new Map<string, number>();
    for (const f of floors) {
      const fields = floorFields(f);
      const found = existing.get(f.id);
      if (!found) {
        const created = await repo.save(repo.create({ siteId, key: f.id, ...fields }));
        ids.set(f.id, created.id);
        report.floors.created++;
      } else {
        ids.set(f.id, found.id);
        existing.delete(f.id);
        if (differs(found, fields)) {
          await repo.update(found.id, fields);
          report.floors.updated++;
        } else report.floors.unchanged++;
      }
    }
    // Floors no longer in the file go, with their zones; sensors on them keep their history.
    if (existing.size) await repo.delete([...existing.values()].map((f) => f.id));
    report.floors.removed = existing.size;
    return ids;
  }

  private async syncZones(em: EntityManager, siteId: number, floors: FloorInput[], floorIds: Map<string, number>, report: SiteImportReport): Promise<Map<string, number>> {
    const repo = em.getRepository(ZoneEntity);
    const existing = new Map((await repo.findBy({ siteId })).map((z) => [z.key, z]));
    const ids = new Map<string, number>();
    for (const floor of floors) {
      for (const z of floor.zones) {
        const polygonM = z.polygon.map(([x, y]) => [x, y] as [number, number]);
        const fields = { floorId: floorIds.get(floor.id)!, name: z.name, category: z.category, capacitySeats: z.capacity, areaM2: z.areaM2 ?? round(polygonAreaM2(polygonM), 2), polygonM };
        const found = existing.get(z.id);
        if (!found) {
          const created = await repo.save(repo.create({ siteId, key: z.id, ...fields }));
          ids.set(z.id, created.id);
          report.zones.created++;
        } else {
          ids.set(z.id, found.id);
          existing.delete(z.id);
          if (differs(found, fields)) {
            await repo.update(found.id, fields);
            report.zones.updated++;
          } else report.zones.unchanged++;
        }
      }
    }
    if (existing.size) await repo.delete([...existing.values()].map((z) => z.id));
    report.zones.removed = existing.size;
    return ids;
  }

  private async syncSensors(em: EntityManager, siteId: number, siteKey: string, floors: FloorInput[], floorIds: Map<string, number>, zoneIds: Map<string, number>, report: SiteImportReport): Promise<void> {
    const repo = em.getRepository(SensorEntity);
    const existing = new Map((await repo.findBy({ siteId })).map((s) => [s.key, s]));
    const side = (ref: string | undefined) => (ref === undefined || ref === OUTSIDE ? null : zoneIds.get(ref)!);
    for (const floor of floors) {
      for (const s of floor.sensors) {
        const fields = {
          kind: s.kind,
          adapter: s.adapter,
          status: s.status,
          floorId: floorIds.get(floor.id)!,
          positionXM: s.position[0],
          positionYM: s.position[1],
          zoneId: s.zone ? zoneIds.get(s.zone)! : null,
          doorInZoneId: s.kind === 'door' ? side(s.inTo) : null,
          doorOutZoneId: s.kind === 'door' ? side(s.outTo) : null,
          counterRollover: s.counterRollover ?? null,
          source: s.source ?? null,
        };
        const found = existing.get(s.id);
        if (found) {
          existing.delete(s.id);
          if (differs(found, fields)) {
            await repo.update(found.id, fields);
            report.sensors.updated++;
          } else report.sensors.unchanged++;
          continue;
        }
        const unclaimed = await repo.findOneBy({ siteId: IsNull(), announcedSiteKey: siteKey, key: s.id });
        if (unclaimed) {
          await repo.update(unclaimed.id, { siteId, announcedSiteKey: '', ...fields });
          report.sensors.claimed++;
        } else {
          await repo.save(repo.create({ siteId, key: s.id, ...fields }));
          report.sensors.created++;
        }
      }
    }
    const toRetire = [...existing.values()].filter((s) => s.status !== 'retired');
    if (toRetire.length) await repo.update(toRetire.map((s) => s.id), { status: 'retired' });
    report.sensors.removed = toRetire.length;
  }
}

/**
 * Adapter and envelope names must be ones Hearth has, and an MQTT topic filter
 * may feed only one site's integration (a payload must have one home).
 */
async function checkVendorNames(em: EntityManager, file: SiteFile): Promise<void> {
  const problems: string[] = [];
  const adapters = adapterNames();
  const unknownAdapter = (name: string | undefined, where: string) => {
    if (name !== undefined && !adapters.includes(name)) problems.push(`${where}: adapter "${name}" is not one of ${adapters.join(', ')}`);
  };
  file.floors.forEach((f) => f.sensors.forEach((s) => unknownAdapter(s.adapter, `sensor "${s.id}"`)));
  for (const i of file.integrations) {
    unknownAdapter(i.adapter, `integration "${i.id}"`);
    if (i.envelope !== undefined && !envelopeNames().includes(i.envelope)) problems.push(`integration "${i.id}": envelope "${i.envelope}" is not one of ${envelopeNames().join(', ')}`);
  }
  const topics = file.integrations.filter((i) => i.topic).map((i) => i.topic!);
  if (topics.length > 0) {
    const taken: { site: string; topic: string }[] = await em.query(
      `SELECT s.key AS site, i->>'topic' AS topic FROM site s, jsonb_array_elements(s.integrations) i WHERE s.key <> $1 AND i->>'topic' = ANY($2)`,
      [file.site.id, topics],
    );
    for (const t of taken) problems.push(`topic "${t.topic}" already feeds site "${t.site}"`);
  }
  if (problems.length) throw new HearthError('INVALID_INPUT', problems.join('; '));
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** True when any of `fields` differs from the stored row (deep, for JSON columns). */
function differs(row: object, fields: Record<string, unknown>): boolean {
  const stored = row as Record<string, unknown>;
  return Object.entries(fields).some(([k, v]) => canonical(stored[k]) !== canonical(v));
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
