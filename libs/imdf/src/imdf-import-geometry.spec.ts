import { siteFileSchema } from '@hearth/contracts';
import { rect, ring, toLonLat } from '../test-fixtures/small-library.js';
import { imdfToSiteFile, type ImdfFeatureCollections } from './index.js';

/**
 * One-floor venues drawn for a single point each: projection accuracy away
 * from London, multi-part and holed units, key collisions, and doors whose
 * sides are not obvious. Plans are in metres (origin north-west, y south).
 */

type XY = [number, number];
interface UnitSpec {
  id: string;
  category?: string;
  name?: string | null;
  rings?: XY[][];
  multi?: XY[][][];
  restriction?: string;
}

const SIZE = { width: 60, depth: 40 };

function venue(units: UnitSpec[], openings: Array<{ id: string; name?: string; from: XY; to: XY }> = [], centre: XY = [-0.1, 51.5]): ImdfFeatureCollections {
  const r = (corners: XY[]) => ring(corners, centre, SIZE);
  const outline = { type: 'Polygon', coordinates: [r(rect(0, 0, SIZE.width, SIZE.depth))] };
  const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features }) as never;
  return {
    venue: fc([{ type: 'Feature', id: 'v', feature_type: 'venue', geometry: outline, properties: { name: { en: 'Test Venue' } } }]),
    level: fc([{ type: 'Feature', id: 'l0', feature_type: 'level', geometry: outline, properties: { ordinal: 0, name: { en: 'Ground' }, short_name: { en: 'G' } } }]),
    unit: fc(
      units.map((u) => ({
        type: 'Feature',
        id: u.id,
        feature_type: 'unit',
        geometry: u.multi ? { type: 'MultiPolygon', coordinates: u.multi.map((p) => p.map(r)) } : { type: 'Polygon', coordinates: u.rings!.map(r) },
        properties: { category: u.category ?? 'room', name: u.name === null ? null : { en: u.name ?? u.id }, level_id: 'l0', restriction: u.restriction ?? null },
      })),
    ),
    opening: fc(
      openings.map((o) => ({
        type: 'Feature',
        id: o.id,
        feature_type: 'opening',
        geometry: { type: 'LineString', coordinates: [toLonLat(o.from, centre, SIZE), toLonLat(o.to, centre, SIZE)] },
        properties: { category: 'pedestrian', name: o.name ? { en: o.name } : null, level_id: 'l0' },
      })),
    ),
  };
}

function run(input: ImdfFeatureCollections) {
  const result = imdfToSiteFile(input, { timeZone: 'UTC', openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
  const parsed = siteFileSchema.safeParse(result.siteFile);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues, null, 2));
  const floor = result.siteFile.floors![0]!;
  return { ...result, floor, zones: floor.zones ?? [], doors: floor.sensors ?? [] };
}

const within = (actual: number, expected: number, fraction: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(fraction);

describe('projection accuracy', () => {
  it.each([
    ['the equator', [0, 0]],
    ['London', [-0.1, 51.5]],
    ['Reykjavik', [-21.94, 64.14]],
    ['Sydney', [151.21, -33.87]],
    ['Tromsø', [18.96, 69.65]],
  ] as Array<[string, XY]>)('a 20 m x 10 m unit near %s comes out at 200 m² (±1 %%)', (_place, centre) => {
    const { zones, floor } = run(venue([{ id: 'u', rings: [rect(10, 10, 30, 20)] }], [], centre));
    within(zones[0]!.areaM2!, 200, 0.01);
    const [a, b, c] = zones[0]!.polygon;
    within(b![0] - a![0], 20, 0.01);
    within(c![1] - b![1], 10, 0.01);
    within(floor.size.width, SIZE.width + 2, 0.01);
    within(floor.size.height, SIZE.depth + 2, 0.01);
  });
});

describe('unit geometry', () => {
  it('keeps the largest part of a MultiPolygon, with a warning', () => {
    const { zones, warnings } = run(venue([{ id: 'u', name: 'Study Hall', multi: [[rect(40, 30, 42, 32)], [rect(10, 10, 30, 20)]] }]));
    expect(zones[0]!.polygon).toHaveLength(4);
    within(zones[0]!.areaM2!, 200, 0.01);
    expect(warnings[0]).toMatch(/^unit "Study Hall" \(u\) has 2 parts; kept the largest \(199\.\d+ m²\) and dropped 4(\.\d+)? m²$/);
  });

  it('subtracts holes from the area but keeps the outer ring as the polygon', () => {
    const { zones } = run(venue([{ id: 'u', rings: [rect(10, 10, 30, 20), rect(14, 14, 16, 16)] }]));
    expect(zones[0]!.polygon).toHaveLength(4);
    within(zones[0]!.areaM2!, 196, 0.01);
  });
});

describe('keys', () => {
  it('are unique per site, stable whatever the order, and never "outside"', () => {
    const units: UnitSpec[] = [
      { id: 'b', name: 'Study Room', rings: [rect(0, 0, 10, 10)] },
      { id: 'a', name: 'Study Room', rings: [rect(10, 0, 20, 10)] },
      { id: 'c', name: 'Outside', category: 'terrace', rings: [rect(20, 0, 30, 10)] },
      { id: 'd', name: null, rings: [rect(30, 0, 40, 10)] },
    ];
    const { zones } = run(venue(units));
    expect(zones.map((z) => [z.id, z.name])).toEqual([
      ['outside-2', 'Outside'],
      ['zone-d', 'Room d'],
      ['study-room', 'Study Room'],
      ['study-room-2', 'Study Room'],
    ]);
    expect(zones.find((z) => z.id === 'study-room')!.polygon[0]).toEqual([11, 1]); // unit "a" sorts first
    expect(run(venue([...units].reverse())).zones).toEqual(zones);
  });
});

describe('door sides', () => {
  const room: UnitSpec = { id: 'room', name: 'Room', rings: [rect(10, 10, 30, 20)] };
  const corridor: UnitSpec = { id: 'corridor', name: 'Corridor', category: 'walkway', rings: [rect(10, 20, 50, 24)] };
  const hall: UnitSpec = { id: 'hall', name: 'Hall', rings: [rect(30, 10, 50, 20)] };

  it('between a room and a corridor leads into the room', () => {
    const { doors, warnings } = run(venue([room, corridor], [{ id: 'o', name: 'Room Door', from: [20, 20], to: [21, 20] }]));
    expect(doors).toEqual([{ id: 'room-door', kind: 'door', position: [21.5, 21], inTo: 'room', outTo: 'corridor' }]);
    expect(warnings.filter((w) => w.includes('door'))).toEqual([]);
  });

  it('between two rooms leads into the smaller one', () => {
    const big: UnitSpec = { ...hall, rings: [rect(30, 0, 50, 20)] };
    const { doors } = run(venue([room, big], [{ id: 'o', from: [30, 14], to: [30, 16] }]));
    expect(doors.map((d) => [d.id, d.inTo, d.outTo])).toEqual([['door-o', 'room', 'hall']]);
  });

  it('still finds both sides when the opening is drawn up to a metre off the wall', () => {
    const { doors } = run(venue([room, corridor], [{ id: 'o', from: [20, 20.8], to: [21, 20.8] }]));
    expect(doors.map((d) => [d.inTo, d.outTo])).toEqual([['room', 'corridor']]);
  });

  it('on an outer wall leads in from outside, silently', () => {
    const { doors, warnings } = run(venue([{ ...room, rings: [rect(0, 10, 20, 20)] }], [{ id: 'o', from: [0, 14], to: [0, 16] }]));
    expect(doors.map((d) => [d.inTo, d.outTo])).toEqual([['room', 'outside']]);
    expect(warnings.filter((w) => w.includes('door'))).toEqual([]);
  });

  it('onto floor space no unit covers is "outside", with a warning', () => {
    const { doors, warnings } = run(venue([room], [{ id: 'o', from: [30, 14], to: [30, 16] }]));
    expect(doors.map((d) => [d.inTo, d.outTo])).toEqual([['room', 'outside']]);
    expect(warnings).toContain('door "door-o": the side away from zone "room" is inside the floor but in no unit, so "outTo" is "outside"');
  });

  it('into a skipped unit is "outside" on that side, with a warning', () => {
    const restroom: UnitSpec = { id: 'wc', name: 'WC', category: 'restroom.female', rings: [rect(30, 10, 40, 20)] };
    const { doors, warnings } = run(venue([room, restroom], [{ id: 'o', name: 'WC Door', from: [30, 14], to: [30, 16] }]));
    expect(doors.map((d) => [d.id, d.inTo, d.outTo])).toEqual([['wc-door', 'room', 'outside']]);
    expect(warnings).toContain('door "wc-door": its other side is "WC" (restroom.female), which was not imported, so "outTo" is "outside"');
  });

  it('drawn inside a room rather than on its wall is flagged', () => {
    const { doors, warnings } = run(venue([room], [{ id: 'o', from: [15, 15], to: [17, 15] }]));
    expect(doors.map((d) => [d.inTo, d.outTo])).toEqual([['room', 'outside']]);
    expect(warnings).toContain('door "door-o" lies inside zone "room" rather than on its wall; "outTo" is "outside", check its direction');
  });

  it('between skipped units only, or touching nothing, gives no door', () => {
    const stairs: UnitSpec = { id: 'stairs', name: 'Stairs', category: 'stairs', rings: [rect(0, 0, 10, 10)] };
    const lift: UnitSpec = { id: 'lift', name: 'Lift', category: 'elevator', rings: [rect(10, 0, 14, 10)] };
    const { doors, warnings } = run(
      venue(
        [room, stairs, lift],
        [
          { id: 'o1', name: 'Lift Door', from: [10, 4], to: [10, 6] },
          { id: 'o2', name: 'Garden Gate', from: [40, 35], to: [42, 35] },
        ],
      ),
    );
    expect(doors).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'no door created for opening "Lift Door" on floor "g": it only joins units that were not imported ("Lift", "Stairs")',
        'no door created for opening "Garden Gate" on floor "g": it touches no unit',
      ]),
    );
  });
});

describe('units left out', () => {
  it('skips employee-only rooms and imports unknown categories as "other", with warnings', () => {
    const { zones, warnings } = run(
      venue([
        { id: 'staff', name: 'Staff Room', restriction: 'employeesonly', rings: [rect(0, 0, 10, 10)] },
        { id: 'pod', name: 'Podcast Pod', category: 'podcaststudio', rings: [rect(10, 0, 20, 10)] },
      ]),
    );
    expect(zones.map((z) => [z.id, z.category])).toEqual([['podcast-pod', 'other']]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'skipped unit "Staff Room" (room) on floor "g": restricted to employees',
        'unit "Podcast Pod" (pod) has the unknown IMDF category "podcaststudio"; imported as "other"',
      ]),
    );
  });
});
