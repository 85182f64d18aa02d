import { geoAzimuthalEquidistant, type GeoProjection } from 'd3-geo';
import { polygonArea, polygonContains } from 'd3-polygon';
import { unzipSync } from 'fflate';
import type { Geometry, Position } from 'geojson';
import { foldText, slugify } from '@hearth/common';
import { keySchema, OUTSIDE, openingHoursSchema, siteFileSchema, timeZoneSchema, WEEKDAYS, type OpeningHours, type SiteFileInput, type ZoneCategory } from '@hearth/contracts';

/**
 * Imports an IMDF archive (a venue's indoor map: levels, units, openings) as
 * a Hearth site file. Pure: bytes or parsed GeoJSON in, a site file and a list
 * of warnings out. Nothing is written anywhere.
 *
 * - venue   -> site (name from its labels)
 * - level   -> floor (one metre frame per level)
 * - unit    -> zone (category mapped, capacity 0: IMDF carries no seat counts)
 * - opening -> door sensor placed at the opening's midpoint
 */

/** Mean Earth radius (IUGG), so that projected units are metres. */
export const EARTH_RADIUS_M = 6371008.8;
/** Space left around a floor's features so nothing sits on the frame's edge. */
const FLOOR_MARGIN_M = 1;
/** How far either side of an opening we look for the unit it leads into. */
const NUDGE_DISTANCES_M = [0.1, 0.25, 0.5, 1, 1.5];
/** Largest single file read from an archive (uncompressed). */
const MAX_FILE_BYTES = 100 * 1024 * 1024;
const MAX_FLOOR_EXTENT_M = 10000;
const MAX_POLYGON_POINTS = 2000;

/** The IMDF feature types the importer reads; every other file is ignored. */
const FEATURE_TYPES = ['venue', 'level', 'unit', 'opening'] as const;
type FeatureType = (typeof FEATURE_TYPES)[number];

export type ImdfImportErrorCode =
  | 'not_zip'
  | 'ambiguous_archive'
  | 'missing_file'
  | 'invalid_json'
  | 'invalid_feature'
  | 'missing_geometry'
  | 'unknown_level'
  | 'invalid_option'
  | 'invalid_result';

/** Why an IMDF import was refused. `file` and `featureId` say where, when known. */
export class ImdfImportError extends Error {
  constructor(
    readonly code: ImdfImportErrorCode,
    message: string,
    readonly file?: string,
    readonly featureId?: string,
  ) {
    super(message);
    this.name = 'ImdfImportError';
  }
}

/** One IMDF feature: GeoJSON plus the `id` and `feature_type` members IMDF requires. */
export interface ImdfFeature {
  type: 'Feature';
  id: string;
  feature_type?: string;
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
  [member: string]: unknown;
}

export interface ImdfFeatureCollection {
  type: 'FeatureCollection';
  features: ImdfFeature[];
  [member: string]: unknown;
}

/** An already-unpacked archive: one collection per feature type, plus the manifest. */
export interface ImdfFeatureCollections {
  manifest?: unknown;
  venue: ImdfFeatureCollection;
  level: ImdfFeatureCollection;
  unit?: ImdfFeatureCollection;
  opening?: ImdfFeatureCollection;
  [featureType: string]: unknown;
}

export interface ImdfImportOptions {
  /** The site key; defaults to the venue's name, slugified. */
  siteId?: string;
  /** IANA time zone of the venue (IMDF does not carry one). */
  timeZone: string;
  /** The site's display name; defaults to the venue's name. */
  name?: string;
  /** Which label language to prefer for names (default "en"). */
  language?: string;
  /** Defaults to closed every day, with a warning. */
  openingHours?: OpeningHours;
}

export interface ImdfImportResult {
  siteFile: SiteFileInput;
  warnings: string[];
}

/**
 * How a floor's metre frame relates to lon/lat: an azimuthal equidistant
 * projection centred on the venue, shifted so `origin` becomes (0, 0).
 * Stored beside each floor plan so the plan's GeoJSON can be drawn in the
 * same frame as the zones (see `floorProjection`).
 */
export interface ImdfFloorFrame {
  projection: 'azimuthal-equidistant';
  /** [lon, lat] of the projection centre. */
  centre: [number, number];
  radiusM: number;
  /** Projected position, in metres, of the floor frame's top-left corner. */
  origin: [number, number];
}

/** A d3 projection from lon/lat straight into a floor's frame (metres, y down). */
export function floorProjection(frame: ImdfFloorFrame): GeoProjection {
  return geoAzimuthalEquidistant()
    .rotate([-frame.centre[0], -frame.centre[1]])
    .scale(frame.radiusM)
    .translate([-frame.origin[0], -frame.origin[1]]);
}

/*
 * IMDF unit category -> Hearth zone category.
 *
 * | IMDF unit category                                         | Hearth        |
 * |------------------------------------------------------------|---------------|
 * | library, room, lounge, privatelounge                       | quiet_study * |
 * | classroom, conferenceroom, huddleroom, phoneroom           | group_study   |
 * | lobby, walkway (walkway.island), footbridge                | entrance      |
 * | foodservice                                                | cafe          |
 * | auditorium, theater, movietheater                          | events        |
 * | laboratory                                                 | makerspace *  |
 * | unspecified, recreation, fitnessroom, fieldofplay,         | other *       |
 * | terrace, unenclosedarea, waitingroom                       |               |
 * | any category not listed here                               | other (warns) |
 *
 * Not imported (each with a warning): restroom.*, shower, mothersroom,
 * firstaid (private or welfare rooms); stairs, steps, elevator, escalator,
 * movingwalkway, ramp, opentobelow (vertical circulation and voids);
 * nonpublic, office, mailroom, serverroom, storage, kitchen and plant rooms
 * (staff-only); parking, road, platform, vegetation, smokingarea (outdoor or
 * vehicle areas); structure, column and wall materials (brick, concrete,
 * drywall, glass, wood). Units with restriction "employeesonly" are skipped too.
 *
 * * IMDF has no words for stacks, computers, children's or teen areas, or
 *   service desks, and a library's rooms are mostly "library" or "room". For
 *   these generic categories (and "laboratory", "unspecified") the unit's
 *   name refines the category: "Children's Library" -> children, "PC Suite"
 *   -> computers, "Group Study 3" -> group_study (see NAME_HINTS; English).
 */
const UNIT_CATEGORY_MAP: Readonly<Record<string, ZoneCategory>> = {
  library: 'quiet_study',
  room: 'quiet_study',
  lounge: 'quiet_study',
  privatelounge: 'quiet_study',
  classroom: 'group_study',
  conferenceroom: 'group_study',
  huddleroom: 'group_study',
  phoneroom: 'group_study',
  lobby: 'entrance',
  walkway: 'entrance',
  footbridge: 'entrance',
  foodservice: 'cafe',
  auditorium: 'events',
  theater: 'events',
  movietheater: 'events',
  laboratory: 'makerspace',
  unspecified: 'other',
  recreation: 'other',
  fitnessroom: 'other',
  fieldofplay: 'other',
  terrace: 'other',
  unenclosedarea: 'other',
  waitingroom: 'other',
};

const SKIPPED_UNIT_CATEGORIES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['restroom', 'shower', 'mothersroom', 'firstaid'].map((c) => [c, 'a private or welfare room'])),
  ...Object.fromEntries(['stairs', 'steps', 'elevator', 'escalator', 'movingwalkway', 'ramp', 'opentobelow'].map((c) => [c, 'vertical circulation or a void'])),
  ...Object.fromEntries(
    ['nonpublic', 'office', 'mailroom', 'serverroom', 'storage', 'kitchen', 'mechanicalroom', 'electricalroom', 'utilityroom'].map((c) => [c, 'a staff-only space']),
  ),
  ...Object.fromEntries(['parking', 'road', 'platform', 'vegetation', 'smokingarea'].map((c) => [c, 'an outdoor or vehicle area'])),
  ...Object.fromEntries(['structure', 'column', 'brick', 'concrete', 'drywall', 'glass', 'wood'].map((c) => [c, 'building structure'])),
};

/** IMDF categories too generic to say what a library uses the space for. */
const GENERIC_UNIT_CATEGORIES = new Set(['library', 'room', 'lounge', 'laboratory', 'unspecified']);

/** Words in a unit's name that say what the space is; first match wins. */
const NAME_HINTS: ReadonlyArray<readonly [RegExp, ZoneCategory]> = [
  [/\b(child|children|childrens|kids?|junior|early years|story ?time)\b/, 'children'],
  [/\b(teens?|teenage|young adults?|youth)\b/, 'teens'],
  [/\b(maker ?space|makers?|fab ?lab|workshop)\b/, 'makerspace'],
  [/\b(computers?|pcs?|it suite|ict|digital|media lab)\b/, 'computers'],
  [/\b(cafe|coffee|canteen|refectory)\b/, 'cafe'],
  [/\b(stacks?|shelves|shelving|collections?|periodicals|archives?)\b/, 'stacks'],
  [/\b(enquiry|enquiries|inquiry|help ?desk|information|service desk|issue desk|circulation desk|loans|reception)\b/, 'service_desk'],
  [/\b(group|seminar|meeting|project|collaborative|discussion)\b/, 'group_study'],
  [/\b(events?|auditorium|performance|exhibition)\b/, 'events'],
  [/\b(entrance|foyer|lobby|atrium|vestibule)\b/, 'entrance'],
  [/\b(silent|quiet|reading|study)\b/, 'quiet_study'],
];

export type UnitCategoryMapping = { category: ZoneCategory; known: boolean } | { skip: string };

/**
 * Maps an IMDF unit category (and optionally the unit's name) to a Hearth
 * zone category, or says why the unit is not imported. `known` is false when
 * the IMDF category is not in the table and "other" is a guess.
 */
export function mapUnitCategory(imdfCategory: string, name?: string): UnitCategoryMapping {
  const full = imdfCategory.trim().toLowerCase();
  const base = full.split('.')[0] ?? full;
  const skip = SKIPPED_UNIT_CATEGORIES[full] ?? SKIPPED_UNIT_CATEGORIES[base];
  if (skip) return { skip };
  const mapped = UNIT_CATEGORY_MAP[full] ?? UNIT_CATEGORY_MAP[base];
  if (mapped && GENERIC_UNIT_CATEGORIES.has(base) && name) {
    const words = foldText(name).replace(/[^a-z0-9]+/g, ' ');
    for (const [pattern, category] of NAME_HINTS) if (pattern.test(words)) return { category, known: true };
  }
  return mapped ? { category: mapped, known: true } : { category: 'other', known: false };
}

export { slugify };

// ---------------------------------------------------------------------------
// Reading the input

interface SourceFeature {
  id: string;
  file: string;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  raw: Record<string, unknown>;
}

interface Source {
  manifest: Record<string, unknown> | undefined;
  features: Record<FeatureType, SourceFeature[]>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readSource(input: Uint8Array | ImdfFeatureCollections): Source {
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    return readArchive(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  }
  if (!isRecord(input)) throw new ImdfImportError('invalid_option', 'input must be the bytes of an IMDF ZIP archive or its feature collections keyed by feature type');
  const features = {} as Record<FeatureType, SourceFeature[]>;
  for (const type of FEATURE_TYPES) features[type] = readCollection(`${type}.geojson`, input[type], type === 'venue' || type === 'level');
  if (input.manifest !== undefined && !isRecord(input.manifest)) throw new ImdfImportError('invalid_json', 'manifest.json: must be a JSON object', 'manifest.json');
  return { manifest: input.manifest as Record<string, unknown> | undefined, features };
}

function readArchive(bytes: Uint8Array): Source {
  const signature = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
  if (!signature) throw new ImdfImportError('not_zip', 'the upload is not a ZIP archive (an IMDF archive is a .zip of GeoJSON files)');
  const wanted = new Set([...FEATURE_TYPES.map((t) => `${t}.geojson`), 'manifest.json']);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        const name = file.name;
        const base = name.slice(name.lastIndexOf('/') + 1);
        if (!wanted.has(base) || name.startsWith('__MACOSX/')) return false;
        if (file.originalSize > MAX_FILE_BYTES) throw new ImdfImportError('invalid_feature', `${name}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, name);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ImdfImportError) throw e;
    throw new ImdfImportError('not_zip', `the upload is not a readable ZIP archive: ${(e as Error).message}`);
  }
  const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
  const venues = names.filter((n) => n === 'venue.geojson' || n.endsWith('/venue.geojson')).sort();
  if (venues.length === 0) throw new ImdfImportError('missing_file', 'the archive has no venue.geojson; is it an IMDF archive?', 'venue.geojson');
  if (venues.length > 1) throw new ImdfImportError('ambiguous_archive', `the archive holds several venues (${venues.join(', ')}); upload one venue per archive`, venues[0]);
  const prefix = venues[0]!.slice(0, venues[0]!.length - 'venue.geojson'.length);
  const parse = (base: string): unknown => {
    const path = `${prefix}${base}`;
    const data = entries[path];
    if (!data) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw new ImdfImportError('invalid_json', `${path}: not UTF-8 text`, path);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new ImdfImportError('invalid_json', `${path}: invalid JSON (${(e as Error).message})`, path);
    }
  };
  const features = {} as Record<FeatureType, SourceFeature[]>;
  for (const type of FEATURE_TYPES) features[type] = readCollection(`${prefix}${type}.geojson`, parse(`${type}.geojson`), type === 'venue' || type === 'level');
  const manifest = parse('manifest.json');
  if (manifest !== undefined && !isRecord(manifest)) throw new ImdfImportError('invalid_json', `${prefix}manifest.json: must be a JSON object`, `${prefix}manifest.json`);
  return { manifest, features };
}

function readCollection(file: string, value: unknown, required: boolean): SourceFeature[] {
  if (value === undefined || value === null) {
    if (required) throw new ImdfImportError('missing_file', `${file} is missing; an IMDF archive needs venue.geojson and level.geojson`, file);
    return [];
  }
  if (!isRecord(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features))
    throw new ImdfImportError('invalid_json', `${file}: must be a GeoJSON FeatureCollection`, file);
  const seen = new Set<string>();
  return value.features.map((f: unknown, i: number) => {
    if (!isRecord(f)) throw new ImdfImportError('invalid_feature', `${file}: feature #${i + 1} is not an object`, file);
    const id = typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id).trim() : '';
    if (!id) throw new ImdfImportError('invalid_feature', `${file}: feature #${i + 1} has no "id"`, file);
    if (seen.has(id)) throw new ImdfImportError('invalid_feature', `${file}: feature "${id}" appears twice`, file, id);
    seen.add(id);
    if (f.properties !== undefined && f.properties !== null && !isRecord(f.properties))
      throw new ImdfImportError('invalid_feature', `${file}: feature "${id}" has "properties" that are not an object`, file, id);
    const geometry = isRecord(f.geometry) ? (f.geometry as unknown as Geometry) : null;
    return { id, file, geometry, properties: (f.properties as Record<string, unknown> | null | undefined) ?? {}, raw: f };
  });
}

// ---------------------------------------------------------------------------
// Labels and keys

function pickLabel(value: unknown, language: string, fallbackLanguage: string | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
    .map(([k, v]) => [k.toLowerCase(), v.trim()] as const);
  if (entries.length === 0) return undefined;
  const find = (lang: string | undefined): string | undefined => {
    if (!lang) return undefined;
    const wanted = lang.toLowerCase();
    const primary = wanted.split('-')[0];
    return entries.find(([k]) => k === wanted)?.[1] ?? entries.find(([k]) => k.split('-')[0] === primary)?.[1];
  };
  return find(language) ?? find(fallbackLanguage) ?? entries[0]![1];
}

/** Hands out keys unique within one namespace, suffixing "-2", "-3"... on collisions. */
class KeyAllocator {
  private readonly used = new Set<string>();
  constructor(reserved: string[] = []) {
    reserved.forEach((k) => this.used.add(k));
  }
  take(preferred: string, fallback: string): string {
    const base = preferred || fallback;
    let key = base;
    for (let n = 2; this.used.has(key); n++) {
      const suffix = `-${n}`;
      key = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.used.add(key);
    return key;
  }
}

const shortId = (id: string): string => slugify(id).replace(/-/g, '').slice(0, 8) || 'x';
const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

// ---------------------------------------------------------------------------
// Geometry

type XY = [number, number];

class Bounds {
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  add([x, y]: XY): void {
    this.minX = Math.min(this.minX, x);
    this.minY = Math.min(this.minY, y);
    this.maxX = Math.max(this.maxX, x);
    this.maxY = Math.max(this.maxY, y);
  }
}

function checkPosition(p: unknown, f: SourceFeature): XY {
  if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)
    throw new ImdfImportError('invalid_feature', `${f.file}: feature "${f.id}" has a coordinate that is not [lon, lat] in degrees`, f.file, f.id);
  return [p[0] as number, p[1] as number];
}

/** The polygons of a Polygon or MultiPolygon feature, as lists of rings of lon/lat. */
function polygonsOf(f: SourceFeature, what: string): XY[][][] {
  const g = f.geometry;
  const rings = (coords: unknown): XY[][] => {
    if (!Array.isArray(coords) || coords.length === 0) throw new ImdfImportError('invalid_feature', `${f.file}: ${what} "${f.id}" has an empty polygon`, f.file, f.id);
    return coords.map((ring: unknown) => {
      if (!Array.isArray(ring)) throw new ImdfImportError('invalid_feature', `${f.file}: ${what} "${f.id}" has a malformed polygon ring`, f.file, f.id);
      return ring.map((p: unknown) => checkPosition(p, f));
    });
  };
  if (g?.type === 'Polygon') return [rings(g.coordinates)];
  if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0) return g.coordinates.map((c: Position[][]) => rings(c));
  throw new ImdfImportError('missing_geometry', `${f.file}: ${what} "${f.id}" has no Polygon or MultiPolygon geometry`, f.file, f.id);
}

function lineOf(f: SourceFeature): XY[] {
  const g = f.geometry;
  if (g?.type !== 'LineString' || !Array.isArray(g.coordinates) || g.coordinates.length < 2)
    throw new ImdfImportError('missing_geometry', `${f.file}: opening "${f.id}" has no LineString geometry`, f.file, f.id);
  return g.coordinates.map((p) => checkPosition(p, f));
}

/** Drops the closing point and consecutive repeats of a ring. */
function openRing(ring: XY[]): XY[] {
  const out: XY[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
const ringArea = (ring: XY[]): number => (ring.length >= 3 ? Math.abs(polygonArea(ring)) : 0);

interface Projected {
  outer: XY[];
  holes: XY[][];
  areaM2: number;
}

/** Midpoint (by length) of a polyline and the unit normal of the segment it falls on. */
function midpointOf(line: XY[]): { point: XY; normal: XY } | undefined {
  const lengths = line.slice(1).map((p, i) => Math.hypot(p[0] - line[i]![0], p[1] - line[i]![1]));
  const total = lengths.reduce((a, b) => a + b, 0);
  if (!(total > 1e-6)) return undefined;
  let remaining = total / 2;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (len === 0) continue;
    if (remaining <= len || i === lengths.length - 1) {
      const [ax, ay] = line[i]!;
      const [bx, by] = line[i + 1]!;
      const t = Math.min(1, remaining / len);
      const dx = (bx - ax) / len;
      const dy = (by - ay) / len;
      return { point: [ax + (bx - ax) * t, ay + (by - ay) * t], normal: [-dy, dx] };
    }
    remaining -= len;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The import

interface PlacedUnit {
  feature: SourceFeature;
  name: string;
  imdfCategory: string;
  polygon: Projected;
  /** Set when the unit became a zone. */
  zone?: { key: string; category: ZoneCategory };
  skipReason?: string;
}

interface PlacedLevel {
  feature: SourceFeature;
  ordinal: number;
  name: string;
  keyBase: string;
  outline: Projected[];
  units: PlacedUnit[];
  openings: Array<{ feature: SourceFeature; line: XY[] }>;
}

type FloorFileInput = NonNullable<SiteFileInput['floors']>[number];
type ZoneFileInput = NonNullable<FloorFileInput['zones']>[number];
type SensorFileInput = NonNullable<FloorFileInput['sensors']>[number];

/**
 * Converts an IMDF archive (ZIP bytes, or its collections already parsed) into
 * a Hearth site file. Throws `ImdfImportError` for archives it cannot read;
 * everything it had to guess or leave out is listed in `warnings`.
 */
export function imdfToSiteFile(input: Uint8Array | ImdfFeatureCollections, options: ImdfImportOptions): ImdfImportResult {
  checkOptions(options);
  const warnings: string[] = [];
  const source = readSource(input);
  const language = options.language ?? 'en';
  const manifestLanguage = typeof source.manifest?.language === 'string' ? source.manifest.language : undefined;
  const label = (v: unknown): string | undefined => pickLabel(v, language, manifestLanguage);

  // Venue -> site.
  const venues = source.features.venue;
  if (venues.length === 0) throw new ImdfImportError('invalid_feature', `${venueFile(source)}: holds no venue feature`, venueFile(source));
  const venue = [...venues].sort((a, b) => compare(a.id, b.id))[0]!;
  if (venues.length > 1) warnings.push(`venue.geojson holds ${venues.length} venues; imported "${venue.id}" only`);
  const venueName = label(venue.properties.name);
  const siteName = truncate(options.name?.trim() || venueName || 'Unnamed site', 160);
  const siteId = options.siteId ?? (slugify(venueName ?? '') || 'site');

  // Levels: validated, then projected around the venue's centre.
  const levelsById = new Map<string, PlacedLevel>();
  for (const f of source.features.level) {
    const ordinal = f.properties.ordinal;
    if (typeof ordinal !== 'number' || !Number.isInteger(ordinal) || ordinal < -20 || ordinal > 200)
      throw new ImdfImportError('invalid_feature', `${f.file}: level "${f.id}" needs an integer "ordinal" between -20 and 200`, f.file, f.id);
    polygonsOf(f, 'level');
    const name = label(f.properties.name) ?? label(f.properties.short_name) ?? `Level ${ordinal}`;
    const keyBase = slugify(label(f.properties.short_name) ?? label(f.properties.name) ?? '') || (ordinal >= 0 ? `level-${ordinal}` : `level-minus-${-ordinal}`);
    levelsById.set(f.id, { feature: f, ordinal, name: truncate(name, 120), keyBase, outline: [], units: [], openings: [] });
  }
  if (levelsById.size === 0) throw new ImdfImportError('invalid_feature', `${source.features.level[0]?.file ?? 'level.geojson'}: holds no level feature`, 'level.geojson');

  const centre = projectionCentre(venue, [...levelsById.values()].map((l) => l.feature));
  const projection = geoAzimuthalEquidistant().rotate([-centre[0], -centre[1]]).scale(EARTH_RADIUS_M).translate([0, 0]);
  const project = (p: XY): XY => {
    const xy = projection(p);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) throw new ImdfImportError('invalid_feature', `cannot project [${p[0]}, ${p[1]}]`);
    return [xy[0], xy[1]];
  };
  const projectPolygon = (rings: XY[][]): Projected => {
    const [outer, ...holes] = rings.map((r) => openRing(r.map(project)));
    const areaM2 = Math.max(0, ringArea(outer!) - holes.reduce((sum, h) => sum + ringArea(h), 0));
    return { outer: outer!, holes, areaM2 };
  };
  for (const level of levelsById.values()) level.outline = polygonsOf(level.feature, 'level').map(projectPolygon);

  // Units -> zones (keys assigned later, in a stable order).
  for (const f of source.features.unit) {
    const level = levelOf(f, levelsById, 'unit');
    const parts = polygonsOf(f, 'unit').map(projectPolygon);
    const largest = parts.reduce((a, b) => (b.areaM2 > a.areaM2 ? b : a));
    const imdfCategory = typeof f.properties.category === 'string' && f.properties.category.trim() ? f.properties.category.trim() : 'unspecified';
    const name = label(f.properties.name) ?? label(f.properties.alt_name);
    const displayName = truncate(name ?? `${imdfCategory.charAt(0).toUpperCase()}${imdfCategory.slice(1)} ${shortId(f.id)}`, 120);
    if (parts.length > 1) {
      const dropped = parts.reduce((s, p) => s + p.areaM2, 0) - largest.areaM2;
      warnings.push(`unit "${displayName}" (${f.id}) has ${parts.length} parts; kept the largest (${round2(largest.areaM2)} m²) and dropped ${round2(dropped)} m²`);
    }
    if (largest.outer.length < 3 || largest.areaM2 < 0.01) throw new ImdfImportError('invalid_feature', `${f.file}: unit "${f.id}" has a polygon with no area`, f.file, f.id);
    if (largest.outer.length > MAX_POLYGON_POINTS)
      throw new ImdfImportError('invalid_feature', `${f.file}: unit "${f.id}" has ${largest.outer.length} vertices; Hearth zones take at most ${MAX_POLYGON_POINTS}`, f.file, f.id);
    level.units.push({ feature: f, name: displayName, imdfCategory, polygon: largest, ...classifyUnit(f, imdfCategory, name, displayName, warnings) });
  }

  for (const f of source.features.opening) {
    const level = levelOf(f, levelsById, 'opening');
    const line = lineOf(f).map(project);
    if (!midpointOf(line)) throw new ImdfImportError('invalid_feature', `${f.file}: opening "${f.id}" has zero length`, f.file, f.id);
    level.openings.push({ feature: f, line });
  }

  // Stable order: floors by ordinal, everything else by name then IMDF id,
  // so the same venue always yields the same keys whatever the file order.
  const levels = [...levelsById.values()].sort((a, b) => a.ordinal - b.ordinal || compare(a.keyBase, b.keyBase) || compare(a.feature.id, b.feature.id));
  const floorKeys = new KeyAllocator();
  const zoneKeys = new KeyAllocator([OUTSIDE]);
  const sensorKeys = new KeyAllocator();
  const floorKeyOf = new Map<PlacedLevel, string>();
  for (const level of levels) floorKeyOf.set(level, floorKeys.take(level.keyBase, 'level'));
  const byName = <T extends { feature: SourceFeature }>(name: (t: T) => string) => (a: T, b: T) => compare(name(a), name(b)) || compare(a.feature.id, b.feature.id);
  for (const level of levels) {
    level.units.sort(byName((u) => slugify(u.name)));
    for (const unit of level.units) {
      if (unit.zone) unit.zone.key = zoneKeys.take(slugify(label(unit.feature.properties.name) ?? label(unit.feature.properties.alt_name) ?? ''), `zone-${shortId(unit.feature.id)}`);
      else warnings.push(`skipped unit "${unit.name}" (${unit.imdfCategory}) on floor "${floorKeyOf.get(level)}": ${unit.skipReason}`);
    }
  }

  const floors: FloorFileInput[] = [];
  const zeroCapacity: string[] = [];
  for (const level of levels) {
    const floorKey = floorKeyOf.get(level)!;
    const bounds = new Bounds();
    level.outline.forEach((p) => p.outer.forEach((xy) => bounds.add(xy)));
    level.units.forEach((u) => u.polygon.outer.forEach((xy) => bounds.add(xy)));
    level.openings.forEach((o) => o.line.forEach((xy) => bounds.add(xy)));
    const origin: XY = [bounds.minX - FLOOR_MARGIN_M, bounds.minY - FLOOR_MARGIN_M];
    const size = { width: Math.ceil((bounds.maxX - bounds.minX + 2 * FLOOR_MARGIN_M) * 100) / 100, height: Math.ceil((bounds.maxY - bounds.minY + 2 * FLOOR_MARGIN_M) * 100) / 100 };
    if (size.width > MAX_FLOOR_EXTENT_M || size.height > MAX_FLOOR_EXTENT_M)
      throw new ImdfImportError('invalid_feature', `${level.feature.file}: level "${level.feature.id}" spans ${size.width} x ${size.height} m; Hearth floors are at most ${MAX_FLOOR_EXTENT_M} m across`, level.feature.file, level.feature.id);
    const local = ([x, y]: XY): XY => [round2(x - origin[0]), round2(y - origin[1])];

    const zones: ZoneFileInput[] = [];
    for (const unit of level.units) {
      if (!unit.zone) continue;
      zones.push({ id: unit.zone.key, name: unit.name, category: unit.zone.category, capacity: 0, polygon: openRing(unit.polygon.outer.map(local)), areaM2: round2(unit.polygon.areaM2) });
      zeroCapacity.push(unit.zone.key);
    }

    const sensors: SensorFileInput[] = [];
    const openings = [...level.openings].sort(byName((o) => slugify(label(o.feature.properties.name) ?? '')));
    for (const opening of openings) {
      const door = placeDoor(opening, level, floorKey, label(opening.feature.properties.name) ?? label(opening.feature.properties.alt_name), sensorKeys, warnings);
      if (door) sensors.push({ id: door.key, kind: 'door', position: local(door.position), inTo: door.inTo, outTo: door.outTo });
    }

    const frame: ImdfFloorFrame = { projection: 'azimuthal-equidistant', centre, radiusM: EARTH_RADIUS_M, origin: [round3(origin[0]), round3(origin[1])] };
    const plan = {
      type: 'FeatureCollection',
      frame,
      features: [level.feature, ...level.units.map((u) => u.feature), ...openings.map((o) => o.feature)].map((f) => structuredClone(f.raw)),
    };
    floors.push({ id: floorKey, name: level.name, ordinal: level.ordinal, size, plan: { geojson: plan }, zones, sensors });
  }

  if (zeroCapacity.length > 0)
    warnings.push(
      `capacity is 0 for ${zeroCapacity.length} zone(s) because IMDF carries no seat counts; set it before reading occupancy rates: ${zeroCapacity.slice(0, 20).join(', ')}${zeroCapacity.length > 20 ? `, and ${zeroCapacity.length - 20} more` : ''}`,
    );
  if (!options.openingHours) warnings.push('no opening hours were given, so the site is closed every day until they are set');

  const siteFile: SiteFileInput = {
    version: 1,
    site: {
      id: siteId,
      name: siteName,
      timeZone: options.timeZone,
      openingHours: options.openingHours ?? (Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as OpeningHours),
      periods: [],
    },
    floors,
  };
  const check = siteFileSchema.safeParse(siteFile);
  if (!check.success)
    throw new ImdfImportError('invalid_result', `the imported site file does not validate: ${check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { siteFile, warnings };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const venueFile = (source: Source): string => source.features.venue[0]?.file ?? 'venue.geojson';

function checkOptions(options: ImdfImportOptions): void {
  if (!isRecord(options)) throw new ImdfImportError('invalid_option', 'options with a "timeZone" are required');
  if (!timeZoneSchema.safeParse(options.timeZone).success) throw new ImdfImportError('invalid_option', `timeZone "${String(options.timeZone)}" is not an IANA time zone such as "Europe/London"`);
  if (options.siteId !== undefined && !keySchema.safeParse(options.siteId).success)
    throw new ImdfImportError('invalid_option', `siteId "${options.siteId}" must be 1-63 characters of a-z, 0-9, "-" or "_"`);
  if (options.openingHours !== undefined) {
    const hours = openingHoursSchema.safeParse(options.openingHours);
    if (!hours.success) throw new ImdfImportError('invalid_option', `openingHours: ${hours.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

function levelOf(f: SourceFeature, levels: Map<string, PlacedLevel>, what: string): PlacedLevel {
  const levelId = f.properties.level_id;
  const level = typeof levelId === 'string' || typeof levelId === 'number' ? levels.get(String(levelId)) : undefined;
  if (!level)
    throw new ImdfImportError('unknown_level', `${f.file}: ${what} "${f.id}" refers to level "${String(levelId ?? '')}", which is not in level.geojson`, f.file, f.id);
  return level;
}

function classifyUnit(f: SourceFeature, imdfCategory: string, name: string | undefined, displayName: string, warnings: string[]): Pick<PlacedUnit, 'zone' | 'skipReason'> {
  if (f.properties.restriction === 'employeesonly') return { skipReason: 'restricted to employees' };
  const mapping = mapUnitCategory(imdfCategory, name);
  if ('skip' in mapping) return { skipReason: `${mapping.skip}, not a space Hearth measures` };
  if (!mapping.known) warnings.push(`unit "${displayName}" (${f.id}) has the unknown IMDF category "${imdfCategory}"; imported as "other"`);
  return { zone: { key: '', category: mapping.category } };
}

/** The centre of the venue's footprint (or of all levels when the venue has no geometry). */
function projectionCentre(venue: SourceFeature, levels: SourceFeature[]): [number, number] {
  const bounds = new Bounds();
  const usable = venue.geometry?.type === 'Polygon' || venue.geometry?.type === 'MultiPolygon';
  const features = usable ? [venue] : levels;
  for (const f of features) for (const polygon of polygonsOf(f, f === venue ? 'venue' : 'level')) for (const ring of polygon) ring.forEach((p) => bounds.add(p));
  return [roundDegrees((bounds.minX + bounds.maxX) / 2), roundDegrees((bounds.minY + bounds.maxY) / 2)];
}
/** Degrees to 7 decimals (about 1 cm): the centre is a reference point, not a measurement. */
const roundDegrees = (v: number): number => Math.round(v * 1e7) / 1e7;

interface Hit {
  unit: PlacedUnit;
  distance: number;
}

/** Units found stepping away from `point` along `direction`, nearest first. */
function unitsAlong(point: XY, direction: XY, units: PlacedUnit[]): Hit[] {
  const hits: Hit[] = [];
  for (const distance of NUDGE_DISTANCES_M) {
    const probe: XY = [point[0] + direction[0] * distance, point[1] + direction[1] * distance];
    const containing = units
      .filter((u) => polygonContains(u.polygon.outer, probe))
      .sort((a, b) => a.polygon.areaM2 - b.polygon.areaM2 || compare(a.feature.id, b.feature.id))[0];
    if (containing && !hits.some((h) => h.unit === containing)) hits.push({ unit: containing, distance });
  }
  return hits;
}

/**
 * Decides which zones a door joins. An opening lies on the wall between two
 * spaces: stepping off its midpoint to either side (up to 1.5 m) finds them.
 *
 * Direction: a door between a zone and nothing leads "in" to the zone from
 * "outside". Between two zones, "in" is the room rather than the circulation
 * space (entrance-category zones such as lobbies and corridors), then the
 * smaller of the two: people walk from the corridor into the room.
 */
function placeDoor(
  opening: { feature: SourceFeature; line: XY[] },
  level: PlacedLevel,
  floorKey: string,
  name: string | undefined,
  sensorKeys: KeyAllocator,
  warnings: string[],
): { key: string; position: XY; inTo: string; outTo: string } | undefined {
  const { point, normal } = midpointOf(opening.line)!;
  const plus = unitsAlong(point, normal, level.units);
  const minus = unitsAlong(point, [-normal[0], -normal[1]], level.units);
  const what = name ? `"${name}"` : `"${opening.feature.id}"`;
  const a = plus[0]?.unit;
  let b = minus[0]?.unit;
  let insideOne = false;
  if (a && a === b) {
    // Drawn inside one unit rather than on its wall: look further for a neighbour.
    const further = [...plus, ...minus].filter((h) => h.unit !== a).sort((x, y) => x.distance - y.distance)[0];
    b = further?.unit;
    insideOne = !further;
  }
  const sides = [a, b].filter((u): u is PlacedUnit => u !== undefined);
  const zones = sides.filter((u) => u.zone);
  if (zones.length === 0) {
    const why = sides.length === 0 ? 'touches no unit' : `only joins units that were not imported (${sides.map((u) => `"${u.name}"`).sort().join(', ')})`;
    warnings.push(`no door created for opening ${what} on floor "${floorKey}": it ${why}`);
    return undefined;
  }
  const key = sensorKeys.take(slugify(name ?? ''), `door-${shortId(opening.feature.id)}`);
  if (zones.length === 2) {
    const [inner, outer] = [...zones].sort(
      (x, y) =>
        Number(x.zone!.category === 'entrance') - Number(y.zone!.category === 'entrance') ||
        x.polygon.areaM2 - y.polygon.areaM2 ||
        compare(x.zone!.key, y.zone!.key),
    ) as [PlacedUnit, PlacedUnit];
    return { key, position: point, inTo: inner.zone!.key, outTo: outer.zone!.key };
  }
  const zone = zones[0]!;
  const other = sides.find((u) => !u.zone);
  if (other) {
    warnings.push(`door "${key}": its other side is "${other.name}" (${other.imdfCategory}), which was not imported, so "outTo" is "${OUTSIDE}"`);
  } else if (insideOne) {
    warnings.push(`door "${key}" lies inside zone "${zone.zone!.key}" rather than on its wall; "outTo" is "${OUTSIDE}", check its direction`);
  } else {
    // The side away from the zone: warn if it is still inside the floor's outline.
    const away = a === zone ? [-normal[0], -normal[1]] : normal;
    const reach = NUDGE_DISTANCES_M[NUDGE_DISTANCES_M.length - 1]!;
    const probe: XY = [point[0] + away[0]! * reach, point[1] + away[1]! * reach];
    if (level.outline.some((p) => polygonContains(p.outer, probe)))
      warnings.push(`door "${key}": the side away from zone "${zone.zone!.key}" is inside the floor but in no unit, so "outTo" is "${OUTSIDE}"`);
  }
  return { key, position: point, inTo: zone.zone!.key, outTo: OUTSIDE };
}
