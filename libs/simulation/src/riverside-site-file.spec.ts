import { readFileSync } from 'node:fs';
import { polygonContains } from 'd3-polygon';
import YAML from 'yaml';
import { siteFileSchema } from '@hearth/contracts';
import { renderRiversideYaml } from '../../../demo/generate-riverside.js';
import { RIVERSIDE_YAML_PATH } from './riverside-site.fixture.js';
import { buildSiteModel } from './site-model.js';

describe('the Riverside demo site file', () => {
  const text = readFileSync(RIVERSIDE_YAML_PATH, 'utf8');
  const parsed = siteFileSchema.safeParse(YAML.parse(text));

  it('validates against the site file schema', () => {
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.success).toBe(true);
  });

  it('is what the generator script writes', () => {
    expect(text).toBe(renderRiversideYaml());
  });

  const file = parsed.data!;
  const zones = file.floors.flatMap((f) => f.zones);
  const sensors = file.floors.flatMap((f) => f.sensors);

  it('declares a three-floor public library of about 300 seats', () => {
    expect(file.site).toMatchObject({ id: 'riverside', timeZone: 'Europe/London', serviceDayStart: '05:00' });
    expect(file.site.openingHours).toEqual({
      mon: ['08:00-21:00'],
      tue: ['08:00-21:00'],
      wed: ['08:00-21:00'],
      thu: ['08:00-21:00'],
      fri: ['08:00-19:00'],
      sat: ['09:00-17:00'],
      sun: ['12:00-16:00'],
    });
    expect(file.floors.map((f) => [f.id, f.ordinal])).toEqual([
      ['ground', 0],
      ['first', 1],
      ['second', 2],
    ]);
    expect(zones.length).toBeGreaterThanOrEqual(18);
    const seats = zones.reduce((s, z) => s + z.capacity, 0);
    expect(seats).toBeGreaterThanOrEqual(280);
    expect(seats).toBeLessThanOrEqual(340);
    const categories = new Set(zones.map((z) => z.category));
    for (const c of ['quiet_study', 'group_study', 'stacks', 'computers', 'children', 'teens', 'service_desk', 'entrance', 'cafe', 'events', 'makerspace'])
      expect(categories).toContain(c);
    for (const kind of ['holiday', 'closure', 'term', 'exam']) expect(file.site.periods.some((p) => p.kind === kind)).toBe(true);
  });

  it('has two counted entrances with two rolling-over counters each', () => {
    const doors = sensors.filter((s) => s.kind === 'door');
    expect(doors).toHaveLength(4);
    for (const d of doors) expect(d).toMatchObject({ outTo: 'outside', counterRollover: 65536 });
    expect(new Set(doors.map((d) => d.inTo))).toEqual(new Set(['main-entrance', 'river-entrance']));
    expect(sensors.filter((s) => s.kind === 'zone').map((s) => s.zone).sort()).toEqual(['cafe', 'children', 'events-room', 'makerspace']);
  });

  it('places every desk inside its zone, at tables of neighbouring seats', () => {
    const desks = sensors.filter((s) => s.kind === 'desk');
    expect(desks.length).toBeGreaterThanOrEqual(230);
    expect(desks.length).toBeLessThanOrEqual(270);
    for (const desk of desks) {
      const zone = zones.find((z) => z.id === desk.zone)!;
      expect(polygonContains(zone.polygon as [number, number][], desk.position)).toBe(true);
    }
    const model = buildSiteModel(file);
    for (const zone of model.zones) {
      expect(zone.desks.length).toBeLessThanOrEqual(zone.capacity);
      // Every seat has a neighbour at its table, and nobody has more than three (left, right, opposite).
      for (const d of zone.desks) {
        expect(d.neighbours.length).toBeGreaterThanOrEqual(1);
        expect(d.neighbours.length).toBeLessThanOrEqual(3);
      }
    }
  });

  it('draws an SVG plan per floor in the floor frame', () => {
    for (const floor of file.floors) {
      expect(floor.size).toEqual({ width: 60, height: 40 });
      const svg = floor.plan && 'svg' in floor.plan ? floor.plan.svg : '';
      expect(svg).toContain(`viewBox="0 0 ${floor.size.width} ${floor.size.height}"`);
      for (const zone of floor.zones) expect(svg).toContain(`id="zone-${zone.id}"`);
    }
  });
});
