import { describe, expect, it } from '@jest/globals';
import type { Recommendation, RecommendationOption, SiteFile } from '../api/client.js';
import {
  chartHours,
  evidenceMapData,
  exportLinks,
  filterParams,
  filterRecommendations,
  floorChoices,
  hourlyChartData,
  hourlyDescription,
  metricRows,
  niceTicks,
  optionViews,
  priorityChoices,
  priorityTally,
  readFilter,
  recommendationsWindow,
  textWidth,
  whereText,
  zoneNames,
} from './recommendations.js';

/** Two floors of a small branch: a 40 m by 20 m ground floor with three zones, a first floor with one. */
const SITE: SiteFile = {
  site: { id: 'riverside', name: 'Riverside Library', timeZone: 'Europe/London', periods: [{ kind: 'term', name: 'Autumn term', from: '2026-09-21', to: '2026-12-11' }] },
  floors: [
    {
      id: 'first',
      name: 'First floor',
      ordinal: 1,
      size: { width: 20, height: 10 },
      zones: [{ id: 'reading-room', name: 'Reading room', category: 'quiet_study', capacity: 40, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]] }],
      sensors: [],
    },
    {
      id: 'ground',
      name: 'Ground floor',
      ordinal: 0,
      size: { width: 40, height: 20 },
      zones: [
        { id: 'entrance', name: 'Entrance hall', category: 'entrance', capacity: 0, polygon: [[0, 0], [10, 0], [10, 20], [0, 20]] },
        { id: 'cafe', name: 'Café', category: 'cafe', capacity: 30, polygon: [[10, 0], [30, 0], [30, 10], [10, 10]] },
        { id: 'stacks', name: 'Stacks', category: 'collection', capacity: 0, polygon: [[10, 10], [40, 10], [40, 20], [10, 20]] },
      ],
      sensors: [],
    },
  ],
};

const option = (metric: string, zones: string[], direction: 'up' | 'down', by: string, afterWeeks: number): RecommendationOption => ({
  action: `Act on ${metric}`,
  expectedEffect: `${metric} ${direction}`,
  check: { metric, zones, direction, by, afterWeeks },
});

function rec(id: string, priority: Recommendation['priority'], floor: string | null, extra: Partial<Recommendation> = {}): Recommendation {
  return {
    id,
    rule: id.split(':')[0]!,
    priority,
    score: priority === 'high' ? 3 : priority === 'medium' ? 2 : 1,
    title: `Title of ${id}`,
    finding: `Finding of ${id}`,
    floor,
    zones: [],
    evidence: { metrics: [], figure: null },
    options: {
      none: option('utilisation', ['reading-room'], 'up', 'from 12 % to 20 % or more', 8),
      low: option('share of open hours above 85 %', ['reading-room', 'cafe'], 'down', 'from 50 % to 25 % or less', 6),
      high: option('visits per open day', [], 'up', 'at least 12 a day', 1),
    },
    ...extra,
  };
}

const RECS = [rec('crowded-zone:reading-room', 'high', 'first'), rec('decompression-zone:entrance', 'medium', 'ground'), rec('staffing-peaks:site', 'medium', null), rec('under-used-zone:cafe', 'low', 'ground')];

describe('the recommendations window', () => {
  const today = '2026-11-22';
  it('defaults to the last 28 days, today included', () => {
    expect(recommendationsWindow(new URLSearchParams(), today, [])).toMatchObject({ choice: '28d', from: '2026-10-26', to: '2026-11-23', days: 28 });
  });
  it('reads a bookmark with only from and to as custom dates', () => {
    expect(recommendationsWindow(new URLSearchParams('site=riverside&from=2026-11-08&to=2026-11-22'), today, [])).toMatchObject({ choice: 'custom', from: '2026-11-08', to: '2026-11-22', days: 14, label: '2026-11-08 to 2026-11-21' });
  });
  it('lets an explicit rolling window win over left-over dates', () => {
    expect(recommendationsWindow(new URLSearchParams('window=7d&from=2026-01-01&to=2026-02-01'), today, [])).toMatchObject({ choice: '7d', from: '2026-11-16', to: '2026-11-23' });
  });
  it('falls back to the default for dates that are not a window', () => {
    expect(recommendationsWindow(new URLSearchParams('from=2026-11-22&to=2026-11-01'), today, [])).toMatchObject({ choice: '28d', from: '2026-10-26' });
  });
});

describe('budget options', () => {
  const names = zoneNames(SITE);
  it('come in the order none, low, high, labelled for a director', () => {
    expect(optionViews(RECS[0]!, names).map((o) => [o.budget, o.label])).toEqual([
      ['none', 'No budget'],
      ['low', 'Low budget'],
      ['high', 'High budget'],
    ]);
  });
  it('say how to check in words, with zone names, the direction and the wait', () => {
    const [none, low, high] = optionViews(RECS[0]!, names);
    expect(none!.check).toEqual({ measure: 'utilisation in Reading room', direction: 'Should go up ↑', by: 'from 12 % to 20 % or more', after: 'after 8 weeks' });
    expect(low!.check).toMatchObject({ measure: 'share of open hours above 85 % in Reading room and Café', direction: 'Should go down ↓' });
    expect(high!.check).toMatchObject({ measure: 'visits per open day', after: 'after 1 week' });
    expect(none!.action).toBe('Act on utilisation');
  });
  it('name zones the site file no longer has by their key', () => {
    const r = rec('x:y', 'low', 'ground', { options: { ...RECS[0]!.options, none: option('utilisation', ['gone-zone'], 'up', '5 points', 4) } });
    expect(optionViews(r, names)[0]!.check.measure).toBe('utilisation in gone-zone');
  });
});

describe('evidence in words', () => {
  const names = zoneNames(SITE);
  it('names the zone of each metric', () => {
    const r = rec('little-used-entrance:entrance', 'medium', 'ground', {
      evidence: {
        metrics: [
          { label: 'Share of arrivals', zone: 'entrance', value: 0.08, unit: 'share', display: '8 %' },
          { label: 'Share of arrivals', zone: 'cafe', value: 0.92, unit: 'share', display: '92 %' },
          { label: 'Visits per day', zone: null, value: 410, unit: 'count', display: '410' },
        ],
        figure: null,
      },
    });
    expect(metricRows(r, names)).toEqual([
      { label: 'Share of arrivals', zone: 'Entrance hall', display: '8 %' },
      { label: 'Share of arrivals', zone: 'Café', display: '92 %' },
      { label: 'Visits per day', zone: null, display: '410' },
    ]);
  });
  it('says where a recommendation applies', () => {
    expect(whereText({ ...RECS[1]!, zones: ['entrance', 'cafe', 'stacks'] }, SITE, names)).toBe('Ground floor: Entrance hall, Café and Stacks');
    expect(whereText(RECS[2]!, SITE, names)).toBe('Whole building');
  });
  it('tallies the recommendations by priority', () => {
    expect(priorityTally(RECS)).toBe('4 recommendations: 1 high, 2 medium and 1 low priority.');
    expect(priorityTally([RECS[0]!])).toBe('1 recommendation: 1 high priority.');
    expect(priorityTally([])).toBe('No recommendations.');
  });
});

describe('filters', () => {
  const floors = SITE.floors.map((f) => f.id);
  it('read the route, ignoring unknown floors and priorities', () => {
    expect(readFilter(new URLSearchParams('floor=ground&priority=medium'), floors)).toEqual({ floor: { floor: 'ground' }, priority: 'medium' });
    expect(readFilter(new URLSearchParams('floor=building'), floors)).toEqual({ floor: 'building', priority: 'all' });
    expect(readFilter(new URLSearchParams('floor=basement&priority=urgent'), floors)).toEqual({ floor: 'all', priority: 'all' });
  });
  it('write the route back, removing what is "all"', () => {
    expect(filterParams({ floor: { floor: 'ground' }, priority: 'all' })).toEqual({ floor: 'ground', priority: null });
    expect(filterParams({ floor: 'building', priority: 'high' })).toEqual({ floor: 'building', priority: 'high' });
    expect(filterParams({ floor: 'all', priority: 'all' })).toEqual({ floor: null, priority: null });
  });
  it('keep the server order and combine floor and priority', () => {
    const ids = (f: Parameters<typeof filterRecommendations>[1]) => filterRecommendations(RECS, f).map((r) => r.id);
    expect(ids({ floor: 'all', priority: 'all' })).toEqual(RECS.map((r) => r.id));
    expect(ids({ floor: { floor: 'ground' }, priority: 'all' })).toEqual(['decompression-zone:entrance', 'under-used-zone:cafe']);
    expect(ids({ floor: { floor: 'ground' }, priority: 'low' })).toEqual(['under-used-zone:cafe']);
    expect(ids({ floor: 'building', priority: 'all' })).toEqual(['staffing-peaks:site']);
    expect(ids({ floor: { floor: 'first' }, priority: 'medium' })).toEqual([]);
  });
  it('offer every floor in building order with counts under the other filter, and the whole building when it has findings', () => {
    const choices = floorChoices(RECS, SITE, { floor: 'all', priority: 'medium' });
    expect(choices.map((c) => [c.label, c.count])).toEqual([
      ['All floors', 2],
      ['Ground floor', 1],
      ['First floor', 0],
      ['Whole building', 1],
    ]);
    expect(floorChoices(RECS.filter((r) => r.floor !== null), SITE, { floor: 'all', priority: 'all' }).map((c) => c.label)).not.toContain('Whole building');
    expect(priorityChoices(RECS, { floor: { floor: 'ground' }, priority: 'all' }).map((c) => [c.value, c.count])).toEqual([
      ['all', 2],
      ['high', 0],
      ['medium', 1],
      ['low', 1],
    ]);
  });
});

describe('export links', () => {
  it('point at the report, the recommendations and the data, all for the window on screen', () => {
    const links = exportLinks('river side', { from: '2026-11-08', to: '2026-11-22' });
    expect(links.map((l) => [l.label, l.href, l.type])).toEqual([
      ['PDF report', '/api/v1/sites/river%20side/recommendations?from=2026-11-08&to=2026-11-22&format=pdf', 'application/pdf'],
      ['Recommendations CSV', '/api/v1/sites/river%20side/recommendations?from=2026-11-08&to=2026-11-22&format=csv', 'text/csv'],
      ['Zones GeoJSON', '/api/v1/sites/river%20side/exports/zones.geojson?from=2026-11-08&to=2026-11-22', 'application/geo+json'],
      ['Zone-days CSV', '/api/v1/sites/river%20side/exports/zone-days.csv?from=2026-11-08&to=2026-11-22', 'text/csv'],
      ['Statistics returns CSV', '/api/v1/sites/river%20side/exports/statistics-returns.csv?from=2026-11-08&to=2026-11-22', 'text/csv'],
    ]);
  });
});

describe('the floor-map figure', () => {
  const figure = { kind: 'floor-map' as const, floor: 'ground', zones: ['entrance', 'stacks', 'removed-zone'], points: [{ at: [2, 10] as [number, number], label: 'Door' }, { at: [39, 2] as [number, number], label: 'Hot spot' }] };
  it('scales the floor to the width asked, keeping its proportions', () => {
    const map = evidenceMapData(figure, SITE, 400)!;
    expect([map.width, map.height]).toEqual([400, 200]);
    expect(map.zones.find((z) => z.id === 'cafe')!.path).toBe('M100,0L300,0L300,100L100,100Z');
  });
  it('highlights the listed zones, names them at their centres, and lists those missing from the plan', () => {
    const map = evidenceMapData({ ...figure, points: [] }, SITE, 400)!;
    expect(map.zones.filter((z) => z.highlighted).map((z) => z.id)).toEqual(['entrance', 'stacks']);
    const stacks = map.labels.find((l) => l.text === 'Stacks')!;
    // Centred on the zone's centre (250, 150): half the label's width to the left, the baseline a little below.
    expect(stacks.kind).toBe('zone');
    expect(stacks.x + textWidth('Stacks') / 2).toBeCloseTo(250, 0);
    expect(stacks.y).toBeGreaterThan(145);
    expect(stacks.y).toBeLessThan(160);
    expect(map.labels.map((l) => l.text)).toEqual(['Entrance hall', 'Stacks']);
    expect(map.missing).toEqual(['removed-zone']);
    expect(evidenceMapData(figure, SITE, 400)!.description).toBe('Plan of Ground floor; highlighted: Entrance hall and Stacks; marked: Door and Hot spot.');
  });
  it('puts point labels to the right, or to the left near the right edge', () => {
    const map = evidenceMapData(figure, SITE, 400)!;
    expect(map.points.map((p) => p.at)).toEqual([
      [20, 100],
      [390, 20],
    ]);
    const door = map.labels.find((l) => l.text === 'Door')!;
    const spot = map.labels.find((l) => l.text === 'Hot spot')!;
    expect(door.x).toBeGreaterThan(20);
    expect(spot.x + textWidth('Hot spot')).toBeLessThan(390);
  });
  it('keeps every label inside the figure and clear of the others, moving a zone name off a point at its centre', () => {
    // A point right at the Stacks' centre, and a zone name too wide for the Entrance hall near the left edge.
    const crowded = { ...figure, zones: ['entrance', 'stacks', 'cafe'], points: [{ at: [25, 15] as [number, number], label: 'Hot spot (35 %)' }] };
    const map = evidenceMapData(crowded, { ...SITE, floors: SITE.floors.map((f) => (f.id === 'ground' ? { ...f, zones: f.zones.map((z) => (z.id === 'entrance' ? { ...z, name: 'Entrance hall and returns' } : z)) } : f)) }, 400)!;
    const boxes = map.labels.map((l) => ({ x: l.x, y: l.y - 11 * 0.85, width: textWidth(l.text), height: 14 }));
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(400);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect({ pair: [map.labels[i]!.text, map.labels[j]!.text], overlap: a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height }).toMatchObject({ overlap: false });
      }
    const stacks = map.labels.find((l) => l.text === 'Stacks')!;
    expect(Math.abs(stacks.y - 11 * 0.85 + 7 - 150)).toBeGreaterThanOrEqual(7);
  });
  it('is null for a floor the site file does not have', () => {
    expect(evidenceMapData({ ...figure, floor: 'basement' }, SITE)).toBeNull();
  });
});

describe('the hourly-chart figure', () => {
  const arrivals = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 20 ? (h === 13 ? 42 : 10 + h) : 0));
  const figure = { kind: 'hourly-chart' as const, series: [{ label: 'Arrivals', values: arrivals }], marks: [{ hour: 8, label: 'Opening' }] };
  it('shows the hours from the first value or mark to the last', () => {
    expect(chartHours(figure)).toEqual([8, 19]);
    expect(chartHours({ ...figure, marks: [] })).toEqual([9, 19]);
    expect(chartHours({ kind: 'hourly-chart', series: [{ label: 'None', values: new Array(24).fill(0) }], marks: [] })).toEqual([0, 23]);
  });
  it('rounds the scale up to a nice top with even ticks', () => {
    expect(niceTicks(42, 3)).toEqual({ top: 60, ticks: [0, 20, 40, 60] });
    expect(niceTicks(380, 4)).toEqual({ top: 400, ticks: [0, 100, 200, 300, 400] });
    expect(niceTicks(0.7, 4)).toEqual({ top: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(niceTicks(0)).toEqual({ top: 1, ticks: [0, 1] });
  });
  it('places bars in hour slots on a shared scale, marks at their hour centres', () => {
    const c = hourlyChartData(figure, 400, 180);
    expect(c.hours).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(c.xOf(8)).toBe(c.plot.left);
    expect(c.xOf(9) - c.xOf(8)).toBeCloseTo(c.slot, 1);
    expect(c.yOf(0)).toBe(c.plot.bottom);
    expect(c.yOf(60)).toBe(c.plot.top);
    expect(c.bars!.values.find((v) => v.hour === 13)!.value).toBe(42);
    expect(c.lines).toEqual([]);
    expect(c.marks).toEqual([{ hour: 8, label: 'Opening', x: c.xOf(8) + c.slot / 2 }]);
  });
  it('draws further series as lines and leaves out marks that are not an hour of the day', () => {
    const c = hourlyChartData({ ...figure, series: [...figure.series, { label: 'Last year', values: arrivals.map((v) => v / 2) }], marks: [{ hour: 24, label: 'Past midnight' }] });
    expect(c.lines.map((l) => l.label)).toEqual(['Last year']);
    expect(c.marks).toEqual([]);
    // The legend tells the bars from the line, side by side below the hours.
    expect(c.legend.map((l) => [l.label, l.kind])).toEqual([
      ['Arrivals', 'bar'],
      ['Last year', 'line'],
    ]);
    expect(c.legend[1]!.x).toBeGreaterThan(c.legend[0]!.x + textWidth('Arrivals', 10));
    expect(c.legend[0]!.y).toBeGreaterThan(c.plot.bottom + 14);
  });
  it('describes the chart in words', () => {
    expect(hourlyDescription(figure)).toBe('Arrivals by hour, 08:00–09:00 to 19:00–20:00, highest at 13:00–14:00 (42); marked: Opening at 08:00–09:00.');
  });
});
