/**
 * The Setup page's rules, as pure functions: rounding and clamping points to
 * a floor's metre frame, nudging sensors, checking a zone or sensor before it
 * is sent (the same rules the server applies, so most mistakes show at once),
 * and shaping an import report into table rows. No DOM, no fetching.
 */
import { polygonArea } from 'd3';
import type { Point } from '../api/client.js';

/** Zone categories and sensor kinds the API accepts (the site file contract's enums). */
export const ZONE_CATEGORIES = ['quiet_study', 'group_study', 'stacks', 'computers', 'children', 'teens', 'service_desk', 'entrance', 'cafe', 'events', 'makerspace', 'other'] as const;
export const SENSOR_KINDS = ['desk', 'door', 'zone'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** Keys appear in MQTT topics and URLs: the contract's key rule. */
const KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const KEY_RULE = 'must be 1-63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit';
export const OUTSIDE = 'outside';

export interface FloorSize {
  width: number;
  height: number;
}

/** Positions are edited to the decimetre: finer than any sensor is placed, coarse enough to type. */
export const roundM = (v: number): number => Math.round(v * 10) / 10;

/** A point rounded to 0.1 m and kept inside the floor. */
export function clampPoint([x, y]: Point, size: FloorSize): Point {
  return [roundM(Math.min(Math.max(x, 0), size.width)), roundM(Math.min(Math.max(y, 0), size.height))];
}

/** Arrow keys move a sensor by 0.1 m (1 m with Shift); null for any other key. */
export function nudge(position: Point, key: string, shift: boolean, size: FloorSize): Point | null {
  const step = shift ? 1 : 0.1;
  const delta: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  const d = delta[key];
  return d ? clampPoint([position[0] + d[0], position[1] + d[1]], size) : null;
}

export const areaM2 = (polygon: Point[]): number => Math.abs(polygonArea(polygon as [number, number][]));

const outside = ([x, y]: Point, size: FloorSize) => !(x >= 0 && y >= 0 && x <= size.width && y <= size.height);

export interface ZoneDraft {
  key: string;
  name: string;
  category: string;
  capacity: number;
  polygon: Point[];
}

/** What is wrong with a zone before it is saved, in the words the server would use; empty when it can go. */
export function zoneProblems(zone: ZoneDraft, size: FloorSize, takenKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!KEY.test(zone.key)) problems.push(`Key ${KEY_RULE}.`);
  else if (takenKeys.has(zone.key)) problems.push(`Key "${zone.key}" is already used by another zone of this site.`);
  if (!zone.name.trim()) problems.push('Name is required.');
  if (zone.name.length > 120) problems.push('Name must be at most 120 characters.');
  if (!(ZONE_CATEGORIES as readonly string[]).includes(zone.category)) problems.push('Choose a category.');
  if (!Number.isInteger(zone.capacity) || zone.capacity < 0 || zone.capacity > 100000) problems.push('Capacity must be a whole number from 0 to 100000.');
  if (zone.polygon.length < 3) problems.push('The outline needs at least 3 points.');
  const bad = zone.polygon.findIndex((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || outside(p, size));
  if (bad >= 0) problems.push(`Point ${bad + 1} lies outside the floor (${size.width} × ${size.height} m).`);
  else if (zone.polygon.length >= 3 && areaM2(zone.polygon) === 0) problems.push('The outline has no area.');
  return problems;
}

export interface SensorDraft {
  key: string;
  kind: SensorKind;
  position: Point;
  zone: string;
  inTo: string;
  outTo: string;
}

/** What is wrong with a sensor before it is saved; empty when it can go. */
export function sensorProblems(sensor: SensorDraft, size: FloorSize, takenKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!KEY.test(sensor.key)) problems.push(`Key ${KEY_RULE}.`);
  else if (takenKeys.has(sensor.key)) problems.push(`Key "${sensor.key}" is already used by another sensor of this site.`);
  if (!Number.isFinite(sensor.position[0]) || !Number.isFinite(sensor.position[1]) || outside(sensor.position, size)) problems.push(`The position must lie on the floor (${size.width} × ${size.height} m).`);
  if (sensor.kind === 'door') {
    if (!sensor.inTo || !sensor.outTo) problems.push('A door needs both "in to" and "out to".');
    else if (sensor.inTo === sensor.outTo) problems.push('"In to" and "out to" must lead to different places.');
  } else if (!sensor.zone) problems.push(`A ${sensor.kind} sensor needs a zone.`);
  return problems;
}

/** The body that declares a sensor: doors say where they lead, the others which zone they count. */
export function sensorBody(sensor: SensorDraft): Record<string, unknown> {
  return sensor.kind === 'door' ? { kind: 'door', position: sensor.position, inTo: sensor.inTo, outTo: sensor.outTo } : { kind: sensor.kind, position: sensor.position, zone: sensor.zone };
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  claimed?: number;
}

/** What POST /sites/import(/imdf) answers. */
export interface ImportReport {
  site: string;
  dryRun: boolean;
  unchanged: boolean;
  siteChange: 'created' | 'updated' | 'unchanged';
  periods: Counts;
  floors: Counts;
  zones: Counts;
  sensors: Counts;
  warnings?: string[];
}

export const IMPORT_COLUMNS = ['What', 'Created', 'Updated', 'Unchanged', 'Removed'];

/** One row per kind of thing the import touched; sensors "removed" are retired, claimed ones are noted. */
export function importRows(report: ImportReport): (string | number)[][] {
  const row = (label: string, c: Counts) => [label, c.created, c.updated, c.unchanged, c.removed];
  const claimed = report.sensors.claimed ? ` (${report.sensors.claimed} claimed)` : '';
  return [row('Periods', report.periods), row('Floors', report.floors), row('Zones', report.zones), row(`Sensors${claimed}`, report.sensors)];
}

/** A one-line summary of an import for the status region. */
export function importSummary(r: ImportReport): string {
  if (r.dryRun) return r.unchanged ? `Checked "${r.site}": it already matches the file; importing would change nothing.` : `Checked "${r.site}" (dry run, nothing written): importing would make the changes below.`;
  return r.unchanged ? `Imported "${r.site}": it already matched the file, nothing changed.` : `Imported "${r.site}" (site ${r.siteChange}).`;
}

/**
 * Sensors (on any floor, retired ones too) that count into a zone or lead
 * to it. The server would leave them pointing nowhere if the zone went, and
 * the site's model then fails to load, so the page refuses such deletes.
 */
export function sensorsUsingZone(floors: { sensors: { id: string; zone?: string; inTo?: string; outTo?: string }[] }[], zoneKey: string): string[] {
  return floors.flatMap((f) => f.sensors.filter((s) => s.zone === zoneKey || s.inTo === zoneKey || s.outTo === zoneKey).map((s) => s.id));
}
