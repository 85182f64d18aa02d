import { polygonArea } from 'd3-polygon';
import { siteFileSchema } from '@hearth/contracts';
import { IDS, smallLibrary, smallLibraryZip, toLonLat } from '../test-fixtures/small-library.js';
import { floorProjection, imdfToSiteFile, type ImdfFeatureCollections, type ImdfFloorFrame } from './index.js';

/** Riverside Library: two floors, nine units (a restroom and two stairwells among them), six openings. */

const options = { timeZone: 'Europe/London' };
const { siteFile, warnings } = imdfToSiteFile(smallLibraryZip(), options);
const floor = (id: string) => siteFile.floors!.find((f) => f.id === id)!;
const zones = siteFile.floors!.flatMap((f) => f.zones ?? []);
const zone = (id: string) => zones.find((z) => z.id === id)!;
const doors = siteFile.floors!.flatMap((f) => f.sensors ?? []);
const door = (id: string) => doors.find((d) => d.id === id)!;

/** Building metres (north-west corner origin) -> floor frame: a 1 m margin on each side. */
const frameOf = ([x, y]: [number, number]): [number, number] => [x + 1, y + 1];

function expectNear(actual: number[][], expected: number[][], tolerance = 0.05) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, i) => {
    expect(Math.abs(p[0]! - expected[i]![0]!)).toBeLessThan(tolerance);
    expect(Math.abs(p[1]! - expected[i]![1]!)).toBeLessThan(tolerance);
  });
}

describe('importing the Riverside Library IMDF archive', () => {
  it('produces a site file that passes the site file schema', () => {
    const parsed = siteFileSchema.safeParse(siteFile);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues, null, 2));
    expect(parsed.success).toBe(true);
  });

  it('names the site after the venue, in the chosen language with a fallback', () => {
    expect(siteFile.site).toMatchObject({ id: 'riverside-library', name: 'Riverside Library', timeZone: 'Europe/London', periods: [] });
    expect(siteFile.site.openingHours).toEqual({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
    expect(imdfToSiteFile(smallLibraryZip(), { ...options, language: 'fr' }).siteFile.site.name).toBe('Bibliothèque Riverside');
    expect(imdfToSiteFile(smallLibraryZip(), { ...options, language: 'fr-CA' }).siteFile.site.name).toBe('Bibliothèque Riverside');
    expect(imdfToSiteFile(smallLibraryZip(), { ...options, language: 'de' }).siteFile.site.name).toBe('Riverside Library');
    const hours = { mon: ['09:00-20:00'], tue: ['09:00-20:00'], wed: ['09:00-20:00'], thu: ['09:00-20:00'], fri: ['09:00-20:00'], sat: ['10:00-17:00'], sun: [] };
    const custom = imdfToSiteFile(smallLibraryZip(), { ...options, siteId: 'riverside', name: 'Riverside', openingHours: hours });
    expect(custom.siteFile.site).toMatchObject({ id: 'riverside', name: 'Riverside', openingHours: hours });
    expect(custom.warnings.some((w) => w.includes('opening hours'))).toBe(false);
  });

  it('turns levels into floors ordered by ordinal, keyed by short name', () => {
    expect(siteFile.floors!.map((f) => [f.id, f.ordinal, f.name])).toEqual([
      ['g', 0, 'Ground Floor'],
      ['1', 1, 'First Floor'],
    ]);
    for (const f of siteFile.floors!) {
      // 40 m x 24 m building plus a 1 m margin all round.
      expect(f.size.width).toBeCloseTo(42, 1);
      expect(f.size.height).toBeCloseTo(26, 1);
    }
  });

  it('projects lon/lat into a metre frame with x east and y south, origin at the top-left', () => {
    const reading = zone('reading-room');
    // 20 m x 10 m in the north-west corner; the closing point is dropped.
    expectNear(reading.polygon, [frameOf([0, 0]), frameOf([20, 0]), frameOf([20, 10]), frameOf([0, 10])]);
    expect(Math.abs(reading.areaM2! - 200) / 200).toBeLessThan(0.01);
    expect(Math.abs(Math.abs(polygonArea(reading.polygon)) - 200) / 200).toBeLessThan(0.01);
    const landing = zone('landing');
    expect(landing.polygon).toHaveLength(6);
    expect(landing.areaM2).toBeCloseTo(28 * 10 + 12 * 4, 0);
  });

  it('maps IMDF unit categories to Hearth categories, using names for generic rooms', () => {
    expect(Object.fromEntries(zones.map((z) => [z.id, z.category]))).toEqual({
      'childrens-library': 'children',
      foyer: 'entrance',
      'reading-room': 'quiet_study',
      'group-study-room-1': 'group_study',
      landing: 'entrance',
      'silent-study': 'quiet_study',
    });
    expect(floor('g').zones!.map((z) => z.name)).toEqual(["Children's Library", 'Foyer', 'Reading Room']);
    expect(zones.every((z) => z.capacity === 0)).toBe(true);
  });

  it('skips the restroom and stairwells, and says so', () => {
    expect(zones.map((z) => z.name)).not.toContain('Restroom');
    expect(zones.map((z) => z.name)).not.toContain('Stairs');
    expect(warnings).toEqual(
      expect.arrayContaining([
        'skipped unit "Restroom" (restroom.unisex) on floor "g": a private or welfare room, not a space Hearth measures',
        'skipped unit "Stairs" (stairs) on floor "g": vertical circulation or a void, not a space Hearth measures',
        'skipped unit "Stairs" (stairs) on floor "1": vertical circulation or a void, not a space Hearth measures',
      ]),
    );
  });

  it('warns that capacities and opening hours still need setting', () => {
    expect(warnings).toContain(
      'capacity is 0 for 6 zone(s) because IMDF carries no seat counts; set it before reading occupancy rates: childrens-library, foyer, reading-room, group-study-room-1, landing, silent-study',
    );
    expect(warnings).toContain('no opening hours were given, so the site is closed every day until they are set');
    expect(warnings).toHaveLength(6);
  });

  it('turns openings into door sensors facing into rooms, from outside or from circulation', () => {
    expect(Object.fromEntries(doors.map((d) => [d.id, [d.kind, d.inTo, d.outTo]]))).toEqual({
      'door-7d3f2c1a': ['door', 'childrens-library', 'foyer'],
      'main-entrance': ['door', 'foyer', 'outside'],
      'reading-room-door': ['door', 'reading-room', 'foyer'],
      'restroom-door': ['door', 'foyer', 'outside'],
      'group-study-door': ['door', 'group-study-room-1', 'landing'],
      'silent-study-door': ['door', 'silent-study', 'landing'],
    });
    expect(floor('g').sensors!.map((s) => s.id)).toEqual(['door-7d3f2c1a', 'main-entrance', 'reading-room-door', 'restroom-door']);
    expect(warnings).toContain('door "restroom-door": its other side is "Restroom" (restroom.unisex), which was not imported, so "outTo" is "outside"');
  });

  it('places each door at the midpoint of its opening', () => {
    expectNear([door('main-entrance').position], [frameOf([9.5, 24])]);
    expectNear([door('reading-room-door').position], [frameOf([10, 10])]);
    expectNear([door('door-7d3f2c1a').position], [frameOf([20, 12])]);
    expectNear([door('silent-study-door').position], [frameOf([18.75, 14])]);
  });

  it('keeps each level, its units and openings as the floor plan, with the frame to draw them', () => {
    const plan = floor('g').plan as { geojson: { type: string; frame: ImdfFloorFrame; features: Array<{ id: string; geometry: { coordinates: unknown } }> } };
    expect(plan.geojson.type).toBe('FeatureCollection');
    expect(plan.geojson.features.map((f) => f.id)).toEqual([
      IDS.ground,
      IDS.childrens,
      IDS.foyer,
      IDS.readingRoom,
      IDS.restroom,
      IDS.stairsGround,
      IDS.childrensDoor,
      IDS.mainEntrance,
      IDS.readingRoomDoor,
      IDS.restroomDoor,
    ]);
    // Original lon/lat, untouched.
    const reading = smallLibrary().unit.features.find((f) => f.id === IDS.readingRoom)!;
    expect(plan.geojson.features[3]!.geometry.coordinates).toEqual(reading.geometry.coordinates);
    // The frame projects lon/lat straight into floor metres.
    const project = floorProjection(plan.geojson.frame);
    expectNear([project(toLonLat([0, 0]))!, project(toLonLat([40, 24]))!], [frameOf([0, 0]), frameOf([40, 24])]);
  });

  it('is deterministic: bytes or parsed collections, any feature order, any sub-folder', () => {
    const again = imdfToSiteFile(smallLibraryZip(), options);
    expect(JSON.stringify(again)).toBe(JSON.stringify({ siteFile, warnings }));

    const parsed = smallLibrary() as unknown as ImdfFeatureCollections;
    expect(imdfToSiteFile(parsed, options)).toEqual({ siteFile, warnings });

    const shuffled = smallLibrary();
    for (const c of [shuffled.level, shuffled.unit, shuffled.opening]) c.features.reverse();
    expect(JSON.stringify(imdfToSiteFile(shuffled as unknown as ImdfFeatureCollections, options))).toBe(JSON.stringify({ siteFile, warnings }));

    expect(imdfToSiteFile(smallLibraryZip('riverside-imdf'), options)).toEqual({ siteFile, warnings });
  });
});
