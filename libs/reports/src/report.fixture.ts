import type { Recommendation, RecommendationOption } from '@hearth/recommendations';
import type { ReportFloor, ReportInput, ReportZone } from './report.js';

/**
 * A hand-made report for the renderers' tests: Riverside Library over March
 * 2026, two floors with thirteen zones, density grids with a clear hot spot by
 * the café, five recommendations using both figure kinds, and texts with the
 * characters that trouble PDFs and spreadsheets ("≥", "é", "’", "→", a
 * finding starting with "=").
 */

const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

const zone = (key: string, name: string, category: string, polygon: [number, number][], capacity: number, use: [number, number, number | null] | null): ReportZone => ({
  zone: key,
  name,
  category,
  polygon,
  capacity,
  utilisation: use ? use[0] : null,
  hoursAbove: use ? use[1] : null,
  medianStayMinutes: use ? use[2] : null,
});

/** The ground floor's zones, 60 x 40 m; keys get `prefix` so copies of the floor stay distinct. */
function groundZones(prefix = ''): ReportZone[] {
  return [
    zone(`${prefix}cafe`, 'Café', 'cafe', rect(0, 0, 18, 14), 30, [0.64, 41, 38]),
    zone(`${prefix}children`, 'Children’s library', 'children', rect(18, 0, 38, 14), 40, [0.37, 6, null]),
    zone(`${prefix}fiction`, 'Fiction & new books', 'stacks', rect(38, 0, 60, 20), 10, [0.22, 0, null]),
    zone(`${prefix}entrance`, 'Entrance hall', 'entrance', rect(0, 14, 10, 26), 15, [0.41, 12, null]),
    zone(`${prefix}welcome`, 'Welcome desk', 'service_desk', rect(10, 14, 18, 26), 4, [0.55, 20, null]),
    zone(`${prefix}events`, 'Events room', 'events', rect(0, 26, 18, 40), 60, null),
    // L-shaped: its label must still land inside it.
    zone(
      `${prefix}computers`,
      'Public computers',
      'computers',
      [
        [18, 14],
        [38, 14],
        [38, 26],
        [30, 26],
        [30, 40],
        [18, 40],
      ],
      24,
      [0.48, 15, 25],
    ),
    zone(`${prefix}history`, 'Local history', 'stacks', rect(30, 26, 38, 40), 6, [0.12, 0, 52]),
    // Listed clockwise as seen on the plan's numbers, to test the GeoJSON winding.
    zone(`${prefix}teens`, 'Teens’ corner', 'teens', [...rect(38, 20, 60, 40)].reverse(), 20, [0.29, 3, 70]),
  ];
}

const firstZones: ReportZone[] = [
  zone('reading', 'Reading room', 'quiet_study', rect(0, 0, 20, 15), 48, [0.71, 62, 95]),
  zone('group', 'Group study rooms', 'group_study', rect(20, 0, 40, 15), 24, [0.18, 0, 64]),
  zone('nonfiction', 'Non-fiction stacks', 'stacks', rect(0, 15, 25, 30), 12, [0.15, 0, null]),
  zone('makers', 'Makerspace', 'makerspace', rect(25, 15, 40, 30), 12, [0.26, 2, 80]),
];

/** Density (people per m²) on a grid from gaussian crowds over a background; cells inside `empty` stay 0. */
function densityGrid(
  size: [number, number],
  cellSize: number,
  crowds: { at: [number, number]; peak: number; spread: number }[],
  empty: [number, number, number, number][] = [],
): NonNullable<ReportFloor['density']> {
  const cols = Math.round(size[0] / cellSize);
  const rows = Math.round(size[1] / cellSize);
  const values = new Float64Array(cols * rows);
  let max = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [x, y] = [(c + 0.5) * cellSize, (r + 0.5) * cellSize];
      if (empty.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1)) continue;
      let v = 0.02;
      for (const crowd of crowds) v += crowd.peak * Math.exp(-((x - crowd.at[0]) ** 2 + (y - crowd.at[1]) ** 2) / (2 * crowd.spread ** 2));
      values[r * cols + c] = Math.round(v * 1000) / 1000;
      max = Math.max(max, values[r * cols + c]);
    }
  }
  return { cellSize, cols, rows, values, max };
}

const groundCrowds = [
  { at: [9, 10] as [number, number], peak: 0.9, spread: 3 },
  { at: [28, 7] as [number, number], peak: 0.35, spread: 5 },
  { at: [26, 20] as [number, number], peak: 0.3, spread: 4 },
];

function groundFloor(key = 'G', name = 'Ground floor', cellSize = 1, prefix = ''): ReportFloor {
  return {
    floor: key,
    name,
    size: [60, 40],
    zones: groundZones(prefix),
    // The events room was closed all month: nobody there.
    density: densityGrid([60, 40], cellSize, groundCrowds, [[0, 26, 18, 40]]),
    hotspots: [
      { label: 'A', centroid: [9, 10], share: 0.31 },
      { label: 'B', centroid: [28, 7], share: 0.14 },
    ],
  };
}

const option = (action: string, expectedEffect: string, metric: string, zones: string[], direction: 'up' | 'down', by: string, afterWeeks: number): RecommendationOption => ({
  action,
  expectedEffect,
  check: { metric, zones, direction, by, afterWeeks },
});

/** Arrivals per hour of an average open day (index = hour), 9:00 to 20:00. */
const arrivalsByHour = [0, 0, 0, 0, 0, 0, 0, 0, 14, 96, 88, 102, 131, 118, 109, 142, 151, 120, 84, 61, 23, 0, 0, 0];
const inBuildingByHour = [0, 0, 0, 0, 0, 0, 0, 0, 0, 58, 104, 131, 160, 171, 158, 183, 196, 170, 121, 80, 34, 0, 0, 0];

const recommendations: Recommendation[] = [
  {
    id: 'crowded-beside-idle:reading',
    rule: 'crowded-beside-idle',
    priority: 'high',
    score: 0.92,
    title: 'Open the group study rooms to quiet study at peak times',
    finding:
      'The Reading room was ≥ 85 % full for 62 of 243 open hours, mostly 13:00–17:00, while the Group study rooms next door averaged 18 % of their 24 places.',
    floor: '1',
    zones: ['reading', 'group'],
    evidence: {
      metrics: [
        { label: 'Reading room: hours above 85 %', zone: 'reading', value: 62, unit: 'hours', display: '62 h' },
        { label: 'Reading room: use of capacity', zone: 'reading', value: 0.71, unit: 'share', display: '71 %' },
        { label: 'Group study rooms: use of capacity', zone: 'group', value: 0.18, unit: 'share', display: '18 %' },
      ],
      figure: { kind: 'floor-map', floor: '1', zones: ['reading', 'group'], points: [{ at: [10, 7], label: 'Hot spot C' }] },
    },
    options: {
      none: option(
        'Sign two of the four group rooms as quiet study from 13:00 to 17:00 on weekdays.',
        'About 12 more quiet seats at the busiest time.',
        'Hours above 85 %',
        ['reading'],
        'down',
        'a third',
        4,
      ),
      low: option(
        'Add desk lamps and a “quiet please” sign to those rooms; move two lounge chairs in.',
        'The rooms feel like part of the Reading room, so people use them unprompted.',
        'Use of capacity',
        ['group'],
        'up',
        '15 points',
        6,
      ),
      high: option(
        'Fit a glazed partition so one group room becomes a permanent extension of the Reading room.',
        '16 permanent quiet seats; the Reading room stops filling up.',
        'Hours above 85 %',
        ['reading'],
        'down',
        'half',
        12,
      ),
    },
  },
  {
    id: 'hotspot-far-from-service:G',
    rule: 'hotspot-far-from-service',
    priority: 'high',
    score: 0.81,
    title: 'Bring help closer to the café crowd',
    finding: 'Hot spot A, by the café, holds 31 % of everyone on the ground floor but is 14 m from the Welcome desk, out of the staff’s sight.',
    floor: 'G',
    zones: ['cafe', 'welcome'],
    evidence: {
      metrics: [
        { label: 'Share of the floor in hot spot A', zone: null, value: 0.31, unit: 'share', display: '31 %' },
        { label: 'Distance to the Welcome desk', zone: 'welcome', value: 14, unit: 'metres', display: '14 m' },
      ],
      figure: {
        kind: 'floor-map',
        floor: 'G',
        zones: ['cafe', 'welcome'],
        points: [
          { at: [9, 10], label: 'Hot spot A' },
          { at: [14, 20], label: 'Desk' },
        ],
      },
    },
    options: {
      none: option('Have one member of staff rove the café between 11:00 and 15:00.', 'Questions are answered where people are.', 'Desk queries', ['welcome'], 'down', '10 %', 4),
      low: option('Put a “Ask us here” stand with a tablet at the café’s edge.', 'A visible point of help next to the crowd.', 'Use of capacity', ['cafe'], 'up', '5 points', 6),
      high: option('Move the Welcome desk 10 m north so it faces the café and the entrance.', 'Staff see the whole ground floor.', 'Hours above 85 %', ['welcome'], 'down', 'a quarter', 12),
    },
  },
  {
    id: 'opening-hours-edges:riverside',
    rule: 'opening-hours-edges',
    priority: 'medium',
    score: 0.63,
    title: 'Open at 08:30 on weekdays',
    finding: 'On average 14 people arrive in the half hour before opening → the first open hour is the fifth busiest of the day.',
    floor: null,
    zones: [],
    evidence: {
      metrics: [
        { label: 'Waiting at the door before opening', zone: null, value: 14, unit: 'people', display: '14' },
        { label: 'Arrivals in the first open hour', zone: null, value: 96, unit: 'people', display: '96' },
      ],
      figure: {
        kind: 'hourly-chart',
        series: [{ label: 'Arrivals per hour', values: arrivalsByHour }],
        marks: [
          { hour: 9, label: 'Opening' },
          { hour: 20, label: 'Closing' },
        ],
      },
    },
    options: {
      none: option('Open the entrance hall and returns chute at 08:30; the rest at 09:00.', 'Early visitors get in without staff on the floors.', 'Arrivals before 09:00', [], 'up', '10', 4),
      low: option('Start one staff shift 30 minutes earlier on weekdays.', 'Full service from 08:30.', 'Arrivals in the first open hour', [], 'up', '15 %', 8),
      high: option('Add self-service opening (staffless hours) from 08:00.', 'Study space from 08:00 with no extra staff.', 'Arrivals before 09:00', [], 'up', '25', 12),
    },
  },
  {
    id: 'staffing-peaks:riverside',
    rule: 'staffing-peaks',
    priority: 'medium',
    score: 0.55,
    title: 'Match desk staffing to the 15:00–17:00 peak',
    finding: 'The building holds 196 people at 16:00, 3.4 times as many as at 09:00, yet the desk has the same two staff all day.',
    floor: null,
    zones: ['welcome'],
    evidence: {
      metrics: [
        { label: 'People in the building at 16:00', zone: null, value: 196, unit: 'people', display: '196' },
        { label: 'Peak arrivals per hour', zone: null, value: 151, unit: 'people', display: '151' },
      ],
      figure: {
        kind: 'hourly-chart',
        series: [
          { label: 'Arrivals per hour', values: arrivalsByHour },
          { label: 'People in the building', values: inBuildingByHour },
        ],
        marks: [
          { hour: 15, label: 'Peak starts' },
          { hour: 16, label: 'Busiest hour' },
        ],
      },
    },
    options: {
      none: option('Move lunch breaks before 14:00 so both staff are at the desk from 15:00.', 'Shorter queues at the busiest time.', 'Desk queries', ['welcome'], 'down', '10 %', 4),
      low: option('Schedule a volunteer for 15:00–17:00.', 'A third person on the floor at the peak.', 'Desk queries', ['welcome'], 'down', '20 %', 6),
      high: option('Add a second self-service kiosk beside the desk.', 'Routine loans and returns leave the queue.', 'Desk queries', ['welcome'], 'down', '30 %', 12),
    },
  },
  {
    id: 'short-stays-at-study-desks:computers',
    rule: 'short-stays-at-study-desks',
    priority: 'low',
    score: 0.31,
    title: 'Turn some computer desks into quick-use stations',
    finding: '=40 % of the sessions at the public computers ended within 20 minutes; the median stay was 25 minutes. Quick look-ups take full study desks.',
    floor: 'G',
    zones: ['computers'],
    evidence: {
      metrics: [
        { label: 'Sessions under 20 minutes', zone: 'computers', value: 0.4, unit: 'share', display: '40 %' },
        { label: 'Median stay', zone: 'computers', value: 25, unit: 'minutes', display: '25 min' },
      ],
      figure: null,
    },
    options: {
      none: option('Label four desks by the entrance “15-minute use”.', 'Quick visitors stop taking long-stay desks.', 'Median stay', ['computers'], 'up', '10 minutes', 4),
      low: option('Replace four desks with standing-height stations.', 'Short visits move to the stations on their own.', 'Median stay', ['computers'], 'up', '15 minutes', 6),
      high: option('Add a catalogue and printing kiosk by the Welcome desk.', 'Look-ups need no desk at all.', 'Sessions under 20 minutes', ['computers'], 'down', 'half', 12),
    },
  },
];

/** The report the renderers' tests use. */
export function reportFixture(): ReportInput {
  return {
    title: 'Riverside Library: how its spaces are used',
    site: { id: 'riverside', name: 'Riverside Library', timeZone: 'Europe/London' },
    window: { first: '2026-03-01', last: '2026-03-31', openDays: 27, openHours: 243 },
    generatedAt: '2026-04-02T08:15:00Z',
    summary: [
      { label: 'Visits per open day', display: '1,240' },
      { label: 'Busiest hour of the day', display: '16:00–17:00' },
      { label: 'Open hours the Reading room was ≥ 85 % full', display: '62 h' },
      { label: 'Seats in use on average, all zones', display: '41 %' },
      { label: 'Share of ground-floor visitors in the café hot spot', display: '31 %' },
    ],
    floors: [
      groundFloor(),
      {
        floor: '1',
        name: 'First floor',
        size: [40, 30],
        zones: firstZones,
        density: densityGrid([40, 30], 0.5, [
          { at: [10, 7], peak: 0.6, spread: 4 },
          { at: [30, 8], peak: 0.12, spread: 5 },
        ]),
        hotspots: [{ label: 'C', centroid: [10, 7], share: 0.42 }],
      },
    ],
    recommendations,
    methodology: [
      'Occupancy comes from ceiling sensors that count people in each zone every minute, and from desk sensors that tell whether a seat is taken. Hearth averages them over each open hour; closed hours and days are left out.',
      'Use of capacity is the mean number of people in a zone as a share of its seats or places. A zone counts as full in an hour when it is above 85 % of capacity, the point at which people start to leave rather than look for a seat.',
      'The density maps spread each zone’s count over its floor area, weighted by where the desk sensors saw people sit; hot spots are the connected areas with the highest density.',
    ],
    privacy: [
      'Hearth records counts, never people: no cameras, no names, no card numbers, no device identifiers. Sensors report how many people are in a zone and whether a seat is taken.',
      'Every figure in this report is an aggregate over many hours and many visitors; none describes an individual.',
    ],
  };
}

/**
 * A report of the size a large branch produces: three 60 x 40 m floors with
 * 0.5 m density cells (9,600 per floor) and fifteen recommendations.
 */
export function largeReportFixture(): ReportInput {
  const base = reportFixture();
  const floors = [groundFloor('G', 'Ground floor', 0.5), groundFloor('1', 'First floor', 0.5, 'f1-'), groundFloor('2', 'Second floor', 0.5, 'f2-')];
  const recs: Recommendation[] = [];
  for (let copy = 0; copy < 3; copy++) {
    for (const rec of base.recommendations) {
      // Here every floor has the ground-floor layout, so maps of the small report's first floor show the ground floor instead.
      const shown = rec.evidence.figure;
      const figure = shown?.kind === 'floor-map' && shown.floor === '1' ? { ...shown, floor: 'G', zones: ['cafe', 'children'] } : shown;
      recs.push({ ...rec, id: `${rec.id}#${copy + 1}`, score: rec.score - copy, evidence: { ...rec.evidence, figure } });
    }
  }
  return { ...base, floors, recommendations: recs.sort((a, b) => b.score - a.score) };
}
