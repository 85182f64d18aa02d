import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { HearthError } from '@hearth/common';
import { OUTSIDE, type SiteFileInput, type FloorInput, type PeriodInput, type SensorInput, type SiteInput, type ZoneInput } from '@hearth/contracts';
import { FloorEntity, SensorEntity, SiteEntity, SitePeriodEntity, ZoneEntity } from './entities/index.js';
import { readingView, type RawEventRecord } from '@hearth/telemetry';
import { floorFields } from './floor-fields.js';
import { polygonAreaM2 } from './site-file/site-import.service.js';
import { floorView, periodView, sensorView, siteView, zoneView } from './spaces.views.js';

type FloorFields = Omit<FloorInput, 'zones' | 'sensors'>;

/**
 * Reads and edits sites, floors, zones and sensors one at a time. The same
 * rules as the site file hold: keys unique per site, zones and sensors inside
 * their floor, sensors referring to zones of their own floor.
 */
@Injectable()
export class SpacesService {
  constructor(private readonly dataSource: DataSource) {}

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  // Sites

  async listSites() {
    const sites = await this.em.find(SiteEntity, { order: { key: 'ASC' } });
    return sites.map((s) => siteView(s));
  }

  async site(key: string): Promise<SiteEntity> {
    const site = await this.em.findOneBy(SiteEntity, { key });
    if (!site) throw HearthError.notFound('site', key);
    return site;
  }

  async getSite(key: string) {
    const site = await this.site(key);
    const periods = await this.em.find(SitePeriodEntity, { where: { siteId: site.id }, order: { startsOn: 'ASC' } });
    return siteView(site, periods);
  }

  /** The stored library as a site file; importing it again changes nothing. */
  async exportSiteFile(key: string): Promise<SiteFileInput> {
    const site = await this.site(key);
    const [periods, floors, zones, sensors] = await Promise.all([
      this.em.find(SitePeriodEntity, { where: { siteId: site.id }, order: { startsOn: 'ASC', id: 'ASC' } }),
      this.em.find(FloorEntity, { where: { siteId: site.id }, order: { ordinal: 'ASC', key: 'ASC' } }),
      this.em.find(ZoneEntity, { where: { siteId: site.id }, order: { key: 'ASC' } }),
      this.em.find(SensorEntity, { where: { siteId: site.id }, order: { key: 'ASC' } }),
    ]);
    const zoneKey = new Map(zones.map((z) => [z.id, z.key]));
    const side = (id: number | null) => (id === null ? OUTSIDE : zoneKey.get(id)!);
    return {
      version: 1,
      site: { id: site.key, name: site.name, timeZone: site.timeZone, serviceDayStart: site.serviceDayStart, openingHours: site.openingHours, periods: periods.map((p) => ({ kind: p.kind, name: p.name, from: p.startsOn, to: p.endsOn })), changes: site.layoutChanges },
      floors: floors.map((f) => ({
        id: f.key,
        name: f.name,
        ordinal: f.ordinal,
        size: { width: f.widthM, height: f.heightM },
        ...(f.plan && f.planFormat ? { plan: f.planFormat === 'svg' ? { svg: f.plan } : { geojson: JSON.parse(f.plan) as Record<string, unknown> } } : {}),
        zones: zones.filter((z) => z.floorId === f.id).map((z) => ({ id: z.key, name: z.name, category: z.category, capacity: z.capacitySeats, polygon: z.polygonM, areaM2: z.areaM2 })),
        sensors: sensors
          .filter((s) => s.floorId === f.id && s.kind !== null && s.positionXM !== null && s.positionYM !== null)
          .map((s) => ({
            id: s.key,
            kind: s.kind!,
            adapter: s.adapter,
            status: s.status === 'retired' ? ('retired' as const) : ('active' as const),
            position: [s.positionXM!, s.positionYM!] as [number, number],
            ...(s.kind === 'door' ? { inTo: side(s.doorInZoneId), outTo: side(s.doorOutZoneId) } : { zone: zoneKey.get(s.zoneId!) }),
            ...(s.counterRollover !== null ? { counterRollover: s.counterRollover } : {}),
            ...(s.source ? { source: s.source } : {}),
          })),
      })),
      integrations: site.integrations,
    };
  }

  async createSite(input: Omit<SiteInput, 'changes'>) {
    if (await this.em.existsBy(SiteEntity, { key: input.id })) throw new HearthError('CONFLICT', `site "${input.id}" already exists`);
    return this.em.transaction(async (em) => {
      const site = await em.save(em.create(SiteEntity, { key: input.id, name: input.name, timeZone: input.timeZone, serviceDayStart: input.serviceDayStart, openingHours: input.openingHours, layoutChanges: [] }));
      for (const p of input.periods) await em.save(em.create(SitePeriodEntity, { siteId: site.id, kind: p.kind, name: p.name, startsOn: p.from, endsOn: p.to }));
      return site.key;
    }).then((key) => this.getSite(key));
  }

  async updateSite(key: string, patch: Partial<Omit<SiteInput, 'id' | 'periods' | 'changes'>>) {
    const site = await this.site(key);
    Object.assign(site, patch);
    await this.em.save(site);
    return this.getSite(key);
  }

  async deleteSite(key: string): Promise<void> {
    const site = await this.site(key);
    await this.em.transaction(async (em) => {
      // Readings of the site's sensors go with it: nothing would be able to read them any more.
      await em.query(`DELETE FROM raw_event WHERE sensor_id IN (SELECT id FROM sensor WHERE site_id = $1)`, [site.id]);
      await em.delete(SiteEntity, site.id);
    });
  }

  async addPeriod(siteKey: string, p: PeriodInput) {
    const site = await this.site(siteKey);
    const saved = await this.em.save(this.em.create(SitePeriodEntity, { siteId: site.id, kind: p.kind, name: p.name, startsOn: p.from, endsOn: p.to }));
    return periodView(saved);
  }

  async deletePeriod(id: number): Promise<void> {
    const res = await this.em.delete(SitePeriodEntity, id);
    if (!res.affected) throw HearthError.notFound('period', id);
  }

  // Floors

  async listFloors(siteKey: string) {
    const site = await this.site(siteKey);
    const floors = await this.em.find(FloorEntity, { where: { siteId: site.id }, order: { ordinal: 'ASC' } });
    return floors.map((f) => floorView(f, site.key));
  }

  private async floorWithSite(id: number): Promise<{ floor: FloorEntity; site: SiteEntity }> {
    const floor = await this.em.findOne(FloorEntity, { where: { id }, relations: { site: true } });
    if (!floor) throw HearthError.notFound('floor', id);
    return { floor, site: floor.site! };
  }

  async getFloor(id: number) {
    const { floor, site } = await this.floorWithSite(id);
    return floorView(floor, site.key);
  }

  async getFloorPlan(id: number): Promise<{ format: 'svg' | 'geojson'; plan: string }> {
    const { floor } = await this.floorWithSite(id);
    if (!floor.plan || !floor.planFormat) throw new HearthError('NOT_FOUND', `floor ${id} has no plan`);
    return { format: floor.planFormat, plan: floor.plan };
  }

  async createFloor(siteKey: string, input: FloorFields) {
    const site = await this.site(siteKey);
    if (await this.em.existsBy(FloorEntity, { siteId: site.id, key: input.id })) throw new HearthError('CONFLICT', `floor "${input.id}" already exists in site "${siteKey}"`);
    const floor = await this.em.save(this.em.create(FloorEntity, { siteId: site.id, key: input.id, ...floorFields(input) }));
    return floorView(floor, site.key);
  }

  async updateFloor(id: number, patch: Partial<Omit<FloorFields, 'id'>>) {
    const { floor, site } = await this.floorWithSite(id);
    const merged = { id: floor.key, name: patch.name ?? floor.name, ordinal: patch.ordinal ?? floor.ordinal, size: patch.size ?? { width: floor.widthM, height: floor.heightM }, plan: patch.plan };
    const fields = floorFields(merged);
    if (patch.plan === undefined) {
      delete (fields as Partial<typeof fields>).plan;
      delete (fields as Partial<typeof fields>).planFormat;
    }
    await this.em.update(FloorEntity, id, fields);
    return floorView({ ...floor, ...fields } as FloorEntity, site.key);
  }

  async deleteFloor(id: number): Promise<void> {
    await this.floorWithSite(id);
    await this.em.delete(FloorEntity, id);
  }

  // Zones

  async listZones(siteKey: string, floorId?: number) {
    const site = await this.site(siteKey);
    const [zones, floors] = await Promise.all([
      this.em.find(ZoneEntity, { where: { siteId: site.id, ...(floorId ? { floorId } : {}) }, order: { key: 'ASC' } }),
      this.em.findBy(FloorEntity, { siteId: site.id }),
    ]);
    const floorKey = new Map(floors.map((f) => [f.id, f.key]));
    return zones.map((z) => zoneView(z, { site: site.key, floor: floorKey.get(z.floorId)! }));
  }

  async getZone(id: number) {
    const zone = await this.em.findOne(ZoneEntity, { where: { id }, relations: { site: true, floor: true } });
    if (!zone) throw HearthError.notFound('zone', id);
    return zoneView(zone, { site: zone.site!.key, floor: zone.floor!.key });
  }

  async createZone(siteKey: string, input: ZoneInput & { floor: string }) {
    const site = await this.site(siteKey);
    const floor = await this.em.findOneBy(FloorEntity, { siteId: site.id, key: input.floor });
    if (!floor) throw new HearthError('INVALID_INPUT', `floor "${input.floor}" does not exist in site "${siteKey}"`);
    if (await this.em.existsBy(ZoneEntity, { siteId: site.id, key: input.id })) throw new HearthError('CONFLICT', `zone "${input.id}" already exists in site "${siteKey}"`);
    assertInside(floor, input.polygon, 'polygon');
    const zone = await this.em.save(
      this.em.create(ZoneEntity, { siteId: site.id, floorId: floor.id, key: input.id, name: input.name, category: input.category, capacitySeats: input.capacity, polygonM: input.polygon, areaM2: input.areaM2 ?? polygonAreaM2(input.polygon) }),
    );
    return this.getZone(zone.id);
  }

  async updateZone(id: number, patch: Partial<Omit<ZoneInput, 'id'>>) {
    const zone = await this.em.findOne(ZoneEntity, { where: { id }, relations: { floor: true } });
    if (!zone) throw HearthError.notFound('zone', id);
    if (patch.polygon) assertInside(zone.floor!, patch.polygon, 'polygon');
    const fields: Partial<ZoneEntity> = {};
    if (patch.name !== undefined) fields.name = patch.name;
    if (patch.category !== undefined) fields.category = patch.category;
    if (patch.capacity !== undefined) fields.capacitySeats = patch.capacity;
    if (patch.polygon !== undefined) {
      fields.polygonM = patch.polygon;
      fields.areaM2 = patch.areaM2 ?? polygonAreaM2(patch.polygon);
    } else if (patch.areaM2 !== undefined) fields.areaM2 = patch.areaM2;
    if (Object.keys(fields).length) await this.em.update(ZoneEntity, id, fields);
    return this.getZone(id);
  }

  /** Refused while a sensor (retired ones too) counts into the zone or leads to it: it would point nowhere. */
  async deleteZone(id: number): Promise<void> {
    const users = await this.em.find(SensorEntity, { where: [{ zoneId: id }, { doorInZoneId: id }, { doorOutZoneId: id }], order: { key: 'ASC' } });
    if (users.length > 0)
      throw new HearthError('CONFLICT', `sensors still use this zone: ${users.map((s) => s.key).join(', ')}; move or delete them first`, { sensors: users.map((s) => s.key) });
    const res = await this.em.delete(ZoneEntity, id);
    if (!res.affected) throw HearthError.notFound('zone', id);
  }

  // Sensors

  async listSensors(siteKey: string, filter: { status?: string } = {}) {
    const site = await this.site(siteKey);
    const sensors = await this.em.find(SensorEntity, { where: { siteId: site.id, ...(filter.status ? { status: filter.status as SensorEntity['status'] } : {}) }, order: { key: 'ASC' } });
    return this.sensorViews(sensors, site.key);
  }

  /** Sensors that publish without being declared, each with its latest readings so it can be recognised. */
  async listUnclaimed(latest = 5) {
    const sensors = await this.em.find(SensorEntity, { where: { siteId: IsNull() }, order: { lastSeenAt: 'DESC', id: 'ASC' } });
    const views = await this.sensorViews(sensors, null);
    if (sensors.length === 0) return views;
    const rows: (RawEventRecord & { sensor_id: number })[] = await this.em.query(
      `SELECT s.id AS sensor_id, e.* FROM unnest($1::int[]) AS s(id)
       CROSS JOIN LATERAL (SELECT kind, captured_at, channel, seq, in_count, out_count, in_total, out_total, occupied, headcount, battery_pct
                           FROM raw_event WHERE sensor_id = s.id ORDER BY captured_at DESC LIMIT $2) e`,
      [sensors.map((x) => x.id), latest],
    );
    const bySensor = new Map<number, Record<string, unknown>[]>();
    for (const r of rows) bySensor.set(r.sensor_id, [...(bySensor.get(r.sensor_id) ?? []), readingView(r)]);
    return views.map((v) => ({ ...v, latestReadings: bySensor.get(v.id) ?? [] }));
  }

  async sensor(id: number): Promise<SensorEntity> {
    const sensor = await this.em.findOneBy(SensorEntity, { id });
    if (!sensor) throw HearthError.notFound('sensor', id);
    return sensor;
  }

  async getSensor(id: number) {
    const sensor = await this.sensor(id);
    const site = sensor.siteId ? await this.em.findOneBy(SiteEntity, { id: sensor.siteId }) : null;
    return (await this.sensorViews([sensor], site?.key ?? null))[0]!;
  }

  async createSensor(siteKey: string, input: SensorInput & { floor: string }) {
    const site = await this.site(siteKey);
    if (await this.em.existsBy(SensorEntity, { siteId: site.id, key: input.id })) throw new HearthError('CONFLICT', `sensor "${input.id}" already exists in site "${siteKey}"`);
    const fields = await this.sensorFields(site, input);
    const unclaimed = await this.em.findOneBy(SensorEntity, { siteId: IsNull(), announcedSiteKey: site.key, key: input.id });
    // Declaring a sensor that has already been publishing under this site claims it, with its history.
    const id = unclaimed ? (await this.em.update(SensorEntity, unclaimed.id, { siteId: site.id, announcedSiteKey: '', ...fields }), unclaimed.id) : (await this.em.save(this.em.create(SensorEntity, { siteId: site.id, key: input.id, ...fields }))).id;
    return this.getSensor(id);
  }

  /** Assigns an unclaimed sensor to a site (and zone); its stored readings stay with it. */
  async claimSensor(id: number, siteKey: string, input: Omit<SensorInput, 'id'> & { floor: string }) {
    const sensor = await this.sensor(id);
    if (sensor.siteId !== null) throw new HearthError('CONFLICT', `sensor ${id} is not unclaimed`);
    const site = await this.site(siteKey);
    if (await this.em.existsBy(SensorEntity, { siteId: site.id, key: sensor.key })) throw new HearthError('CONFLICT', `site "${siteKey}" already has a sensor "${sensor.key}"`);
    await this.em.update(SensorEntity, id, { siteId: site.id, announcedSiteKey: '', ...(await this.sensorFields(site, { ...input, id: sensor.key })) });
    return this.getSensor(id);
  }

  async updateSensor(id: number, patch: Partial<Omit<SensorInput, 'id'>> & { floor?: string }) {
    const sensor = await this.sensor(id);
    if (sensor.siteId === null) throw new HearthError('CONFLICT', `sensor ${id} is unclaimed: claim it first`);
    const site = await this.em.findOneByOrFail(SiteEntity, { id: sensor.siteId });
    const current = (await this.sensorViews([sensor], site.key))[0]!;
    const merged = {
      id: sensor.key,
      kind: patch.kind ?? current.kind!,
      adapter: patch.adapter ?? current.adapter,
      status: patch.status ?? (current.status === 'unclaimed' ? 'active' : current.status),
      floor: patch.floor ?? current.floor ?? '',
      position: patch.position ?? current.position ?? [0, 0],
      zone: patch.zone ?? current.zone ?? undefined,
      inTo: patch.inTo ?? current.inTo,
      outTo: patch.outTo ?? current.outTo,
      counterRollover: patch.counterRollover ?? current.counterRollover ?? undefined,
      source: patch.source ?? current.source ?? undefined,
    } as SensorInput & { floor: string };
    await this.em.update(SensorEntity, id, await this.sensorFields(site, merged));
    return this.getSensor(id);
  }

  /** Sensors are retired rather than deleted, so their history stays readable. */
  async retireSensor(id: number) {
    await this.sensor(id);
    await this.em.update(SensorEntity, id, { status: 'retired' });
    return this.getSensor(id);
  }

  private async sensorFields(site: SiteEntity, input: SensorInput & { floor: string }): Promise<Partial<SensorEntity>> {
    const floor = await this.em.findOneBy(FloorEntity, { siteId: site.id, key: input.floor });
    if (!floor) throw new HearthError('INVALID_INPUT', `floor "${input.floor}" does not exist in site "${site.key}"`);
    assertInside(floor, [input.position], 'position');
    const zones = new Map((await this.em.findBy(ZoneEntity, { siteId: site.id })).map((z) => [z.key, z]));
    const zoneId = (ref: string | undefined, field: string, sameFloor: boolean): number | null => {
      if (ref === undefined || ref === OUTSIDE) return null;
      const zone = zones.get(ref);
      if (!zone) throw new HearthError('INVALID_INPUT', `${field}: zone "${ref}" does not exist in site "${site.key}"`);
      if (sameFloor && zone.floorId !== floor.id) throw new HearthError('INVALID_INPUT', `${field}: zone "${ref}" is not on floor "${floor.key}"`);
      return zone.id;
    };
    if (input.kind === 'door' && (!input.inTo || !input.outTo)) throw new HearthError('INVALID_INPUT', 'a door sensor needs "inTo" and "outTo"');
    if (input.kind !== 'door' && !input.zone) throw new HearthError('INVALID_INPUT', `a ${input.kind} sensor needs "zone"`);
    return {
      kind: input.kind,
      adapter: input.adapter,
      status: input.status,
      floorId: floor.id,
      positionXM: input.position[0],
      positionYM: input.position[1],
      zoneId: input.kind === 'door' ? null : zoneId(input.zone, 'zone', true),
      doorInZoneId: input.kind === 'door' ? zoneId(input.inTo, 'inTo', false) : null,
      doorOutZoneId: input.kind === 'door' ? zoneId(input.outTo, 'outTo', false) : null,
      counterRollover: input.counterRollover ?? null,
      source: input.source ?? null,
    };
  }

  private async sensorViews(sensors: SensorEntity[], siteKey: string | null) {
    const zoneIds = [...new Set(sensors.flatMap((s) => [s.zoneId, s.doorInZoneId, s.doorOutZoneId]).filter((id): id is number => id !== null))];
    const floorIds = [...new Set(sensors.map((s) => s.floorId).filter((id): id is number => id !== null))];
    const [zones, floors] = await Promise.all([
      zoneIds.length ? this.em.findBy(ZoneEntity, { id: In(zoneIds) }) : [],
      floorIds.length ? this.em.findBy(FloorEntity, { id: In(floorIds) }) : [],
    ]);
    const zoneKey = new Map(zones.map((z) => [z.id, z.key]));
    const floorKey = new Map(floors.map((f) => [f.id, f.key]));
    return sensors.map((s) => sensorView(s, { site: siteKey, floor: s.floorId ? (floorKey.get(s.floorId) ?? null) : null, zoneKey: (id) => (id === null ? null : (zoneKey.get(id) ?? null)) }));
  }
}

function assertInside(floor: FloorEntity, points: [number, number][], field: string): void {
  const bad = points.find(([x, y]) => x < 0 || y < 0 || x > floor.widthM || y > floor.heightM);
  if (bad) throw new HearthError('INVALID_INPUT', `${field}: point [${bad[0]}, ${bad[1]}] lies outside floor "${floor.key}" (${floor.widthM} x ${floor.heightM} m)`);
}
