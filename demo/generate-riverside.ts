/**
 * Generates demo/riverside.site.yaml, the site file of the Riverside Library:
 * the demo library used by the simulator and the living demo.
 *
 * Regenerate from the repository root with:
 *   npx swc demo/generate-riverside.ts | node --input-type=module - --write
 * (a spec checks that the committed YAML matches this script's output).
 *
 * Riverside is deliberately imperfect, for the recommendation engine to find:
 * - The Reading Room (second floor, east, river views) is chronically full,
 *   while the Garden Study Room right beside it is under-used.
 * - The Local Studies room is a quiet zone that groups have taken over.
 * - The service desk sits in the north-west corner of the ground floor, far
 *   from the river entrance and the cafe where people actually gather.
 *
 * Coordinates are metres, origin at the top-left of each floor, y downwards.
 * Desks sit at tables: 1.2 m apart along a table, 1.4 m across it, so the
 * seats of one table are neighbours and separate tables are not.
 */
import { writeFileSync } from 'node:fs';
import YAML from 'yaml';

type Category =
  | 'quiet_study'
  | 'group_study'
  | 'stacks'
  | 'computers'
  | 'children'
  | 'teens'
  | 'service_desk'
  | 'entrance'
  | 'cafe'
  | 'events'
  | 'makerspace'
  | 'other';

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A table's top-left corner and its seats: `along` per side, on one or both long sides. */
interface Table {
  x: number;
  y: number;
  along: number;
  sides: 1 | 2;
  pitch?: number;
}

interface ZoneSpec {
  id: string;
  name: string;
  category: Category;
  capacity: number;
  rect: Rect;
  tables?: Table[];
  /** Position of a zone headcount sensor, if the zone has one. */
  headcount?: [number, number];
  /** Inner walls drawn on the plan (group rooms). */
  partitions?: [number, number, number, number][];
}

interface DoorSpec {
  id: string;
  position: [number, number];
  inTo: string;
}

interface FloorSpec {
  id: string;
  name: string;
  ordinal: number;
  zones: ZoneSpec[];
  doors?: DoorSpec[];
  stairs: Rect[];
}

const WIDTH = 60;
const HEIGHT = 40;
const SEAT_PITCH = 1.2;
const TABLE_DEPTH = 0.8;
const SEAT_OFFSET = 0.3;

const rect = (x0: number, y0: number, x1: number, y1: number): Rect => ({ x0, y0, x1, y1 });
const round = (n: number) => Math.round(n * 100) / 100;

/** Tables on a grid: one per (x, y) pair. */
function tables(xs: number[], ys: number[], along: number, sides: 1 | 2, pitch = SEAT_PITCH): Table[] {
  return ys.flatMap((y) => xs.map((x) => ({ x, y, along, sides, pitch })));
}

function tableWidth(t: Table): number {
  return t.along * (t.pitch ?? SEAT_PITCH);
}

function seatsOf(t: Table): [number, number][] {
  const pitch = t.pitch ?? SEAT_PITCH;
  const seats: [number, number][] = [];
  const rows = t.sides === 2 ? [t.y - SEAT_OFFSET, t.y + TABLE_DEPTH + SEAT_OFFSET] : [t.y + TABLE_DEPTH + SEAT_OFFSET];
  for (const y of rows) for (let i = 0; i < t.along; i++) seats.push([round(t.x + pitch / 2 + i * pitch), round(y)]);
  return seats;
}

const FLOORS: FloorSpec[] = [
  {
    id: 'ground',
    name: 'Ground floor',
    ordinal: 0,
    stairs: [rect(26, 16, 32, 24)],
    zones: [
      { id: 'service-desk', name: 'Enquiries & Returns Desk', category: 'service_desk', capacity: 4, rect: rect(0, 0, 10, 8) },
      { id: 'news-lounge', name: 'Newspaper Lounge', category: 'other', capacity: 8, rect: rect(10, 0, 22, 8) },
      { id: 'fiction-stacks', name: 'Fiction & Lending', category: 'stacks', capacity: 8, rect: rect(0, 8, 22, 26), tables: tables([14, 17.5], [20], 2, 2) },
      {
        id: 'children',
        name: "Children's Library",
        category: 'children',
        capacity: 16,
        rect: rect(0, 26, 22, 40),
        tables: tables([4, 9], [31], 2, 2),
        headcount: [11, 33],
      },
      { id: 'events-room', name: 'Riverside Room (events)', category: 'events', capacity: 24, rect: rect(22, 0, 40, 14), headcount: [31, 7] },
      { id: 'cafe', name: 'Riverside Cafe', category: 'cafe', capacity: 24, rect: rect(40, 0, 60, 16), headcount: [50, 8] },
      { id: 'river-entrance', name: 'River Entrance', category: 'entrance', capacity: 0, rect: rect(48, 16, 60, 28) },
      { id: 'main-entrance', name: 'Main Entrance (Bridge Street)', category: 'entrance', capacity: 0, rect: rect(24, 30, 36, 40) },
    ],
    doors: [
      { id: 'main-door-a', position: [28, 40], inTo: 'main-entrance' },
      { id: 'main-door-b', position: [32, 40], inTo: 'main-entrance' },
      { id: 'river-door-a', position: [60, 20], inTo: 'river-entrance' },
      { id: 'river-door-b', position: [60, 24], inTo: 'river-entrance' },
    ],
  },
  {
    id: 'first',
    name: 'First floor',
    ordinal: 1,
    stairs: [rect(26, 16, 32, 24)],
    zones: [
      { id: 'computers', name: 'Computer Suite', category: 'computers', capacity: 28, rect: rect(0, 0, 20, 14), tables: tables([2.5], [1.5, 4.5, 7.5, 10.5], 7, 1, 1.3) },
      { id: 'nonfiction-stacks', name: 'Non-fiction', category: 'stacks', capacity: 8, rect: rect(0, 14, 20, 40), tables: tables([4, 10], [33], 2, 2) },
      { id: 'makerspace', name: 'Makerspace', category: 'makerspace', capacity: 12, rect: rect(20, 0, 34, 12), headcount: [27, 6] },
      { id: 'group-study', name: 'Group Study Hall', category: 'group_study', capacity: 36, rect: rect(36, 0, 60, 14), tables: tables([38, 45.5, 53], [3, 9], 3, 2) },
      { id: 'local-studies', name: 'Local Studies Room', category: 'quiet_study', capacity: 24, rect: rect(38, 14, 60, 28), tables: tables([40.5, 47.5, 54.5], [17, 23], 2, 2) },
      {
        id: 'group-rooms',
        name: 'Group Study Rooms',
        category: 'group_study',
        capacity: 16,
        rect: rect(36, 28, 60, 40),
        tables: tables([37.8, 43.8, 49.8, 55.8], [33], 2, 2),
        partitions: [
          [42, 28, 42, 40],
          [48, 28, 48, 40],
          [54, 28, 54, 40],
        ],
      },
      { id: 'teen-zone', name: 'Teen Zone', category: 'teens', capacity: 16, rect: rect(20, 26, 36, 40), tables: tables([22.5, 29.5], [29, 35], 2, 2) },
    ],
  },
  {
    id: 'second',
    name: 'Second floor',
    ordinal: 2,
    stairs: [rect(20, 6, 26, 14)],
    zones: [
      { id: 'silent-carrels', name: 'Silent Study Carrels', category: 'quiet_study', capacity: 24, rect: rect(0, 0, 16, 20), tables: tables([3], [2, 6.5, 11, 15.5], 6, 1) },
      { id: 'reference-stacks', name: 'Reference & Archives', category: 'stacks', capacity: 6, rect: rect(0, 20, 26, 40), tables: tables([10], [30], 3, 2) },
      {
        id: 'reading-room',
        name: 'The Reading Room',
        category: 'quiet_study',
        capacity: 42,
        rect: rect(30, 0, 60, 20),
        tables: [...tables([32, 39, 46, 53], [4], 3, 2), ...tables([35.5, 42.5, 49.5], [12], 3, 2)],
      },
      { id: 'garden-study', name: 'Garden Study Room', category: 'quiet_study', capacity: 32, rect: rect(30, 20, 60, 40), tables: tables([33, 40, 47, 54], [25, 33], 2, 2) },
    ],
  },
];

const FILL: Record<Category, string> = {
  quiet_study: '#dfe9f5',
  group_study: '#f5e6cf',
  stacks: '#e8e2d6',
  computers: '#e3e0f3',
  children: '#fbe3e8',
  teens: '#f3dcf0',
  service_desk: '#d8efe0',
  entrance: '#eeeeee',
  cafe: '#f8efd0',
  events: '#e4f1ee',
  makerspace: '#f2e4da',
  other: '#ecefe6',
};

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

function planSvg(floor: FloorSpec): string {
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH * 20}" height="${HEIGHT * 20}" font-family="sans-serif">`,
    `<title>Riverside Library - ${floor.name}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#fafaf7"/>`,
  ];
  lines.push('<g id="zones" stroke="#555" stroke-width="0.15">');
  for (const z of floor.zones) {
    const { x0, y0, x1, y1 } = z.rect;
    lines.push(`<rect id="zone-${z.id}" x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="${FILL[z.category]}"/>`);
    for (const [ax, ay, bx, by] of z.partitions ?? []) lines.push(`<line x1="${ax}" y1="${ay}" x2="${bx}" y2="${by}"/>`);
  }
  lines.push('</g>');
  lines.push('<g id="furniture" fill="#c9b79c" stroke="#8a7a60" stroke-width="0.05">');
  for (const z of floor.zones) {
    for (const t of z.tables ?? []) lines.push(`<rect x="${round(t.x)}" y="${round(t.y)}" width="${round(tableWidth(t))}" height="${TABLE_DEPTH}"/>`);
  }
  lines.push('</g>');
  lines.push('<g id="stairs" fill="#d0d0d0" stroke="#777" stroke-width="0.1">');
  for (const s of floor.stairs) {
    lines.push(`<rect x="${s.x0}" y="${s.y0}" width="${s.x1 - s.x0}" height="${s.y1 - s.y0}"/>`);
    for (let y = s.y0 + 1; y < s.y1; y += 1) lines.push(`<line x1="${s.x0}" y1="${y}" x2="${s.x1}" y2="${y}"/>`);
  }
  lines.push('</g>');
  if (floor.doors?.length) {
    lines.push('<g id="doors" stroke="#b03a2e" stroke-width="0.6">');
    for (const d of floor.doors) {
      const [x, y] = d.position;
      const vertical = x === 0 || x === WIDTH;
      lines.push(vertical ? `<line x1="${x}" y1="${y - 0.9}" x2="${x}" y2="${y + 0.9}"/>` : `<line x1="${x - 0.9}" y1="${y}" x2="${x + 0.9}" y2="${y}"/>`);
    }
    lines.push('</g>');
  }
  lines.push('<g id="labels" font-size="1" fill="#333">');
  for (const z of floor.zones) lines.push(`<text x="${z.rect.x0 + 0.6}" y="${z.rect.y0 + 1.4}">${escapeXml(z.name)}</text>`);
  lines.push('</g>');
  lines.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="none" stroke="#222" stroke-width="0.4"/>`);
  lines.push('</svg>');
  return lines.join('\n');
}

const PERIODS = [
  { kind: 'term', name: 'Summer term 2026', from: '2026-04-13', to: '2026-07-22' },
  { kind: 'exam', name: 'Summer exams 2026', from: '2026-05-11', to: '2026-06-19' },
  { kind: 'holiday', name: 'Summer bank holiday', from: '2026-08-31', to: '2026-08-31' },
  { kind: 'term', name: 'Autumn term 2026 (first half)', from: '2026-09-03', to: '2026-10-23' },
  { kind: 'closure', name: 'Staff training day', from: '2026-10-07', to: '2026-10-07' },
  { kind: 'term', name: 'Autumn term 2026 (second half)', from: '2026-11-02', to: '2026-12-18' },
  { kind: 'exam', name: 'Autumn mock exams', from: '2026-11-09', to: '2026-11-20' },
  { kind: 'holiday', name: 'Christmas', from: '2026-12-24', to: '2026-12-28' },
  { kind: 'holiday', name: "New Year's Day", from: '2027-01-01', to: '2027-01-01' },
  { kind: 'term', name: 'Spring term 2027', from: '2027-01-05', to: '2027-03-25' },
  { kind: 'exam', name: 'January exams 2027', from: '2027-01-11', to: '2027-01-22' },
  { kind: 'holiday', name: 'Easter', from: '2027-03-26', to: '2027-03-29' },
  { kind: 'term', name: 'Summer term 2027', from: '2027-04-12', to: '2027-07-21' },
  { kind: 'holiday', name: 'Early May bank holiday', from: '2027-05-03', to: '2027-05-03' },
  { kind: 'exam', name: 'Summer exams 2027', from: '2027-05-10', to: '2027-06-18' },
  { kind: 'holiday', name: 'Spring bank holiday', from: '2027-05-31', to: '2027-05-31' },
  { kind: 'holiday', name: 'Summer bank holiday', from: '2027-08-30', to: '2027-08-30' },
];

/** The Riverside Library site file, as a plain object ready for YAML. */
export function buildRiversideSite() {
  return {
    version: 1,
    site: {
      id: 'riverside',
      name: 'Riverside Library',
      timeZone: 'Europe/London',
      serviceDayStart: '05:00',
      openingHours: {
        mon: ['08:00-21:00'],
        tue: ['08:00-21:00'],
        wed: ['08:00-21:00'],
        thu: ['08:00-21:00'],
        fri: ['08:00-19:00'],
        sat: ['09:00-17:00'],
        sun: ['12:00-16:00'],
      },
      periods: PERIODS,
    },
    floors: FLOORS.map((floor) => ({
      id: floor.id,
      name: floor.name,
      ordinal: floor.ordinal,
      size: { width: WIDTH, height: HEIGHT },
      plan: { svg: planSvg(floor) },
      zones: floor.zones.map((z) => ({
        id: z.id,
        name: z.name,
        category: z.category,
        capacity: z.capacity,
        polygon: [
          [z.rect.x0, z.rect.y0],
          [z.rect.x1, z.rect.y0],
          [z.rect.x1, z.rect.y1],
          [z.rect.x0, z.rect.y1],
        ],
      })),
      sensors: [
        ...(floor.doors ?? []).map((d) => ({ id: d.id, kind: 'door', position: d.position, inTo: d.inTo, outTo: 'outside', counterRollover: 65536 })),
        ...floor.zones.filter((z) => z.headcount).map((z) => ({ id: `zone-${z.id}`, kind: 'zone', position: z.headcount!, zone: z.id })),
        ...floor.zones.flatMap((z) =>
          (z.tables ?? []).flatMap(seatsOf).map((position, i) => ({ id: `desk-${z.id}-${String(i + 1).padStart(2, '0')}`, kind: 'desk', position, zone: z.id })),
        ),
      ],
    })),
  };
}

const HEADER = `# Riverside Library: the Hearth demo library.
# Generated by demo/generate-riverside.ts; edit the script and regenerate rather than editing this file.
`;

/**
 * Short lists (points, opening hours) and each sensor and period are written
 * on one line; times and dates are quoted so that YAML 1.1 readers do not take
 * them for numbers or timestamps.
 */
export function renderRiversideYaml(): string {
  const doc = new YAML.Document(buildRiversideSite());
  YAML.visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^\d/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
    Seq(_, node) {
      if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
    },
    Pair(_, pair) {
      const key = YAML.isScalar(pair.key) ? pair.key.value : null;
      if ((key === 'sensors' || key === 'periods') && YAML.isSeq(pair.value)) for (const item of pair.value.items) if (YAML.isMap(item)) item.flow = true;
      if (key === 'size' && YAML.isMap(pair.value)) pair.value.flow = true;
    },
  });
  return HEADER + doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

if (process.argv.includes('--write')) {
  const out = process.argv[process.argv.indexOf('--write') + 1] ?? 'demo/riverside.site.yaml';
  writeFileSync(out, renderRiversideYaml());
  console.log(`wrote ${out}`);
}
