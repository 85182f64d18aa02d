import type { OpeningHours } from '@hearth/contracts';
import { demandFigures, entranceFigures, hotspotFigures, lastHourShare, meanDensityWithin, reachesDisc, seatLayout, sessionFigures, zonesAlong } from './evidence-parts.js';

const MIN = 60_000;
const square = (x: number, y: number, size: number): [number, number][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
];
const hours = (range: string, sun: string[] = []): OpeningHours => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range], sat: [range], sun });

describe('the evidence the recommendation rules read', () => {
  it('counts a desk as shared when another desk of its zone is within 2.5 m', () => {
    const seats = seatLayout([
      { zone: 'quiet', position: [0, 0] },
      { zone: 'quiet', position: [1.2, 0] },
      { zone: 'quiet', position: [10, 0] },
      // 1 m from a quiet desk, but in another zone: not its neighbour.
      { zone: 'group', position: [11, 0] },
    ]);
    expect(Object.fromEntries(seats)).toEqual({ quiet: { single: 1, shared: 2 }, group: { single: 1, shared: 0 } });
  });

  it('gives each zone its session count, median, p90 and the shares of short, long solo and group stays', () => {
    const s = (zone: string, minutes: number) => ({ sensor: 'd', zone, start: 0, end: minutes * MIN, cut: false });
    // Quiet: 10, 30, 60, 150, 180 minutes; the 150 was in a group, so only the 180 is a long solo stay.
    const sessions = [s('quiet', 10), s('quiet', 30), s('quiet', 60), s('quiet', 150), s('quiet', 180), s('group', 45)];
    const figures = sessionFigures(sessions, [0, 0, 0, 1, 0, 1]);
    expect(figures.get('quiet')).toEqual({ count: 5, medianMinutes: 60, p90Minutes: 168, shortShare: 0.2, longSoloShare: 0.2, groupShare: 0.2 });
    expect(figures.get('group')).toMatchObject({ count: 1, groupShare: 1, longSoloShare: 0 });
  });

  it('knows which zones reach into a door\'s first metres and which a walk crosses, in order', () => {
    expect(reachesDisc(square(10, 0, 5), [5, 2], 4)).toBe(false); // 5 m away
    expect(reachesDisc(square(10, 0, 5), [7, 2], 4)).toBe(true); // 3 m away
    expect(reachesDisc(square(0, 0, 20), [5, 5], 1)).toBe(true); // the door inside it
    const zones = [
      { id: 'a', polygon: square(0, 0, 10) },
      { id: 'b', polygon: square(10, 0, 10) },
      { id: 'c', polygon: square(20, 0, 10) },
    ];
    expect(zonesAlong(zones, [25, 5], [2, 5])).toEqual(['c', 'b', 'a']);
    expect(zonesAlong(zones, [2, 5], [8, 5])).toEqual(['a']);
  });

  it('averages a density grid over the cells within a radius', () => {
    // 4 x 4 cells of 1 m; the left half at 0.2 people per m², the right at 0.
    const values = Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 0.2 : 0));
    const grid = { cellSize: 1, cols: 4, rows: 4, values };
    // Centre (1, 2), radius 1: the cell centres within 1 m are (0.5,1.5), (1.5,1.5), (0.5,2.5), (1.5,2.5): all 0.2.
    expect(meanDensityWithin(grid, [1, 2], 1)).toBeCloseTo(0.2, 10);
    // Centre (2, 2): (1.5,1.5), (2.5,1.5), (1.5,2.5), (2.5,2.5): half of them 0.2.
    expect(meanDensityWithin(grid, [2, 2], 1)).toBeCloseTo(0.1, 10);
  });

  it('measures hot spots against the nearest service desk and describes each door', () => {
    const desks = [{ zone: 'desk', centroid: [0, 0] as [number, number] }];
    const [h] = hotspotFigures([{ centroid: [30, 40], areaM2: 12, share: 0.4, zones: [{ zone: 'cafe' }] }], desks);
    expect(h).toEqual({ centroid: [30, 40], areaM2: 12, share: 0.4, zones: ['cafe'], toServiceDeskM: 50 });
    expect(hotspotFigures([{ centroid: [1, 1], areaM2: 1, share: 1, zones: [] }], [])[0]!.toServiceDeskM).toBeNull();

    const [door] = entranceFigures(
      {
        zones: [
          { id: 'lobby', polygon: square(0, 0, 10) },
          { id: 'display', polygon: square(10, 0, 10) },
        ],
        doors: [{ id: 'front', position: [8, 5], inTo: 'lobby' }],
        grid: null,
        floorDensity: 0.05,
        hotspot: [18, 5],
      },
      new Map([['front', 0.7]]),
      4,
    );
    expect(door).toEqual({
      door: 'front',
      zone: 'lobby',
      position: [8, 5],
      arrivalsShare: 0.7,
      firstMetres: { radiusM: 4, density: 0, floorDensity: 0.05, zones: ['display'] },
      pathToHotspot: { zones: ['lobby', 'display'], lengthM: 10 },
    });
  });

  it('reads demand over the day from arrivals per clock hour', () => {
    const day = (weekday: 'mon' | 'sun', at: Record<number, number>) => ({ weekday, arrivals: Array.from({ length: 24 }, (_, h) => at[h] ?? 0) });
    // Open 09:00-17:00 except Sunday; two Mondays counted, and a Sunday (closed) that is left out.
    const d = demandFigures([day('mon', { 8: 2, 9: 10, 12: 40, 16: 6 }), day('mon', { 8: 4, 9: 20, 12: 60, 16: 2 }), day('sun', { 12: 500 })], hours('09:00-17:00'), 0.3)!;
    expect(d.arrivalsByHour[12]).toBe(50);
    expect(d).toMatchObject({ visitsPerDay: 72, firstHourArrivals: 15, lastHourArrivals: 4, beforeOpening: 3, peakHour: 12, peakArrivals: 50, lastHourUtilisation: 0.3 });
    expect(d.openingHours.mon).toEqual([{ open: '09:00', close: '17:00' }]);
    expect(demandFigures([day('sun', { 12: 5 })], hours('09:00-17:00'), null)).toBeNull();
  });

  it('takes the building\'s last open hour from the weekday x hour pattern', () => {
    const cells = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (h === 16 ? { mean: d === 0 ? 20 : 40 } : null)));
    // Monday 20 people, Tuesday..Saturday 40, Sunday closed; 100 seats: (20 + 5 x 40) / 6 / 100.
    expect(lastHourShare(cells, 100, hours('09:00-17:00'))).toBeCloseTo(220 / 6 / 100, 10);
    expect(lastHourShare(cells, 0, hours('09:00-17:00'))).toBeNull();
  });
});
