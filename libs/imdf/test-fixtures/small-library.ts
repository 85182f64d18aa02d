import { strToU8, zipSync } from 'fflate';

/**
 * "Riverside Library": a small two-storey public library near lon -0.1,
 * lat 51.5, written as an IMDF archive. The plan is drawn in building metres
 * (origin at the north-west corner, x east, y south) and converted to lon/lat
 * here, so tests can state where things should land.
 *
 *   Ground floor (ordinal 0, "G")           First floor (ordinal 1, "1")
 *   0        20            40  x            0     12              40
 *   +---------+-------------+ 0            +------+---------------+ 0
 *   | Reading | Children's  |              |Group |  Silent Study |
 *   | Room    | Library     |              |Study |               |
 *   +--door---+             | 10           +-door-+               | 10
 *   |         d  (unnamed)  |              |      |               |
 *   |  Foyer  +------+------+ 14           |      +----door-------+ 14
 *   |         d WC   |Stairs|              |   Landing    | Stairs |
 *   |         |      |      |              |              |        |
 *   +--Main Entrance-+------+ 24           +--------------+--------+ 24
 *
 * The same collections are kept as readable files in ./small-library/
 * (regenerate with HEARTH_UPDATE_FIXTURES=1, see the fixture spec).
 */

export const CENTRE: [number, number] = [-0.1, 51.5];
export const BUILDING = { width: 40, depth: 24 };
const EARTH_RADIUS_M = 6371008.8;
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;

/** Building metres -> [lon, lat], on a local flat approximation around `centre`. */
export function toLonLat([x, y]: [number, number], centre: [number, number] = CENTRE, size = BUILDING): [number, number] {
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((centre[1] * Math.PI) / 180);
  const lon = centre[0] + (x - size.width / 2) / mPerDegLon;
  const lat = centre[1] - (y - size.depth / 2) / M_PER_DEG_LAT;
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

/** A closed lon/lat ring from building-metre corners. */
export function ring(corners: Array<[number, number]>, centre?: [number, number], size?: { width: number; depth: number }): Array<[number, number]> {
  const points = corners.map((c) => toLonLat(c, centre, size));
  return [...points, points[0]!];
}

export const rect = (x0: number, y0: number, x1: number, y1: number): Array<[number, number]> => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

const uuid = (n: number): string => `7d3f2c1a-5b8e-4f60-9a41-${n.toString(16).padStart(12, '0')}`;

export const IDS = {
  venue: uuid(0x100),
  address: uuid(0x101),
  ground: uuid(0x200),
  first: uuid(0x201),
  readingRoom: uuid(0x300),
  childrens: uuid(0x301),
  foyer: uuid(0x302),
  restroom: uuid(0x303),
  stairsGround: uuid(0x304),
  groupStudy: uuid(0x310),
  silentStudy: uuid(0x311),
  landing: uuid(0x312),
  stairsFirst: uuid(0x313),
  mainEntrance: uuid(0x400),
  readingRoomDoor: uuid(0x401),
  childrensDoor: uuid(0x402),
  restroomDoor: uuid(0x403),
  groupStudyDoor: uuid(0x410),
  silentStudyDoor: uuid(0x411),
} as const;

const point = (xy: [number, number]) => ({ type: 'Point', coordinates: toLonLat(xy) });
const collection = <T>(features: T[]) => ({ type: 'FeatureCollection', features });

function unit(id: string, levelId: string, category: string, name: string, corners: Array<[number, number]>) {
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const centre: [number, number] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  return {
    type: 'Feature',
    id,
    feature_type: 'unit',
    geometry: { type: 'Polygon', coordinates: [ring(corners)] },
    properties: { category, restriction: null, accessibility: null, name: { en: name }, alt_name: null, level_id: levelId, display_point: point(centre) },
  };
}

function opening(id: string, levelId: string, name: string | null, from: [number, number], to: [number, number], extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    id,
    feature_type: 'opening',
    geometry: { type: 'LineString', coordinates: [toLonLat(from), toLonLat(to)] },
    properties: {
      category: 'pedestrian',
      accessibility: null,
      access_control: null,
      door: { automatic: false, material: 'wood', type: 'hinged' },
      name: name ? { en: name } : null,
      alt_name: null,
      display_point: null,
      level_id: levelId,
      ...extra,
    },
  };
}

function level(id: string, ordinal: number, name: string, shortName: string) {
  return {
    type: 'Feature',
    id,
    feature_type: 'level',
    geometry: { type: 'Polygon', coordinates: [ring(rect(0, 0, BUILDING.width, BUILDING.depth))] },
    properties: {
      category: 'unspecified',
      restriction: null,
      outdoor: false,
      ordinal,
      name: { en: name },
      short_name: { en: shortName },
      display_point: point([BUILDING.width / 2, BUILDING.depth / 2]),
      address_id: null,
      building_ids: null,
    },
  };
}

/** The archive's collections, keyed by feature type (plus the manifest). */
export function smallLibrary() {
  return {
    manifest: { version: '1.0.0', created: '2025-03-01T09:00:00Z', language: 'en', generated_by: 'Hearth test fixture' },
    address: collection([
      {
        type: 'Feature',
        id: IDS.address,
        feature_type: 'address',
        geometry: null,
        properties: { address: '1 River Walk', unit: null, locality: 'London', province: 'GB-LND', country: 'GB', postal_code: 'SE1 9ZZ', postal_code_ext: null, postal_code_vanity: null },
      },
    ]),
    venue: collection([
      {
        type: 'Feature',
        id: IDS.venue,
        feature_type: 'venue',
        geometry: { type: 'Polygon', coordinates: [ring(rect(0, 0, BUILDING.width, BUILDING.depth))] },
        properties: {
          category: 'communitycenter',
          restriction: null,
          name: { en: 'Riverside Library', fr: 'Bibliothèque Riverside' },
          alt_name: null,
          hours: 'Mo-Fr 09:00-20:00; Sa 10:00-17:00',
          phone: null,
          website: null,
          display_point: point([BUILDING.width / 2, BUILDING.depth / 2]),
          address_id: IDS.address,
        },
      },
    ]),
    level: collection([level(IDS.ground, 0, 'Ground Floor', 'G'), level(IDS.first, 1, 'First Floor', '1')]),
    unit: collection([
      unit(IDS.readingRoom, IDS.ground, 'library', 'Reading Room', rect(0, 0, 20, 10)),
      unit(IDS.childrens, IDS.ground, 'library', "Children's Library", rect(20, 0, 40, 14)),
      unit(IDS.foyer, IDS.ground, 'lobby', 'Foyer', rect(0, 10, 20, 24)),
      unit(IDS.restroom, IDS.ground, 'restroom.unisex', 'Restroom', rect(20, 14, 28, 24)),
      unit(IDS.stairsGround, IDS.ground, 'stairs', 'Stairs', rect(28, 14, 40, 24)),
      unit(IDS.groupStudy, IDS.first, 'huddleroom', 'Group Study Room 1', rect(0, 0, 12, 10)),
      unit(IDS.silentStudy, IDS.first, 'room', 'Silent Study', rect(12, 0, 40, 14)),
      unit(IDS.landing, IDS.first, 'walkway', 'Landing', [
        [0, 10],
        [12, 10],
        [12, 14],
        [28, 14],
        [28, 24],
        [0, 24],
      ]),
      unit(IDS.stairsFirst, IDS.first, 'stairs', 'Stairs', rect(28, 14, 40, 24)),
    ]),
    opening: collection([
      opening(IDS.mainEntrance, IDS.ground, 'Main Entrance', [8, 24], [11, 24], {
        category: 'pedestrian.principal',
        accessibility: ['wheelchair'],
        door: { automatic: true, material: 'glass', type: 'sliding' },
      }),
      opening(IDS.readingRoomDoor, IDS.ground, 'Reading Room Door', [9, 10], [11, 10]),
      opening(IDS.childrensDoor, IDS.ground, null, [20, 11], [20, 13]),
      opening(IDS.restroomDoor, IDS.ground, 'Restroom Door', [20, 18], [20, 19.5]),
      opening(IDS.groupStudyDoor, IDS.first, 'Group Study Door', [5, 10], [6.5, 10]),
      opening(IDS.silentStudyDoor, IDS.first, 'Silent Study Door', [18, 14], [19.5, 14]),
    ]),
  };
}

/** The archive's files as text: one pretty-printed GeoJSON file per feature type. */
export function smallLibraryFiles(): Record<string, string> {
  const { manifest, ...collections } = smallLibrary();
  const files: Record<string, string> = { 'manifest.json': format(manifest) };
  for (const [type, value] of Object.entries(collections)) files[`${type}.geojson`] = format(value);
  return files;
}

/** Zips the fixture, optionally with every file inside `folder/`. */
export function smallLibraryZip(folder = ''): Uint8Array {
  const prefix = folder ? `${folder.replace(/\/$/, '')}/` : '';
  return zipSync(Object.fromEntries(Object.entries(smallLibraryFiles()).map(([name, text]) => [`${prefix}${name}`, strToU8(text)])), { mtime: new Date('2025-03-01T09:00:00Z') });
}

/** JSON with two-space indents, but each [lon, lat] pair kept on one line. */
function format(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/\[\s+(-?[\d.eE+-]+),\s+(-?[\d.eE+-]+)\s+\]/g, '[$1, $2]')}\n`;
}
