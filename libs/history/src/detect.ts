import { newStamp, parseStamp, parseTime, type Stamp } from './dates.js';
import type { GateCountOptions, Shape } from './types.js';
import { parseCount } from './values.js';

/**
 * Which column means what, read from the header (or, for files without one, from the first data
 * line). Column names are matched case-insensitively after punctuation is folded to spaces, and the
 * first data line confirms which column really holds dates and which holds times.
 */

/** One entrance of a wide file: its count column, or its In and Out columns. */
export interface WideEntrance {
  name: string;
  cols: number[];
}

/** How to read every data line of the file. */
export interface Plan {
  shape: Shape;
  header: boolean;
  /** Header cells as written ("column 3" when there is no header). */
  names: string[];
  dateCol: number;
  timeCol: number;
  entranceCol: number;
  /** Long files: one count column, or In and Out. */
  countCols: number[];
  wide: WideEntrance[];
  /** LibInsight: the readings at the start and the end of the period (end may be absent: manual counts). */
  startCol: number;
  endCol: number;
  /** Suma: the activity columns (each holds the count's number) and the count id. */
  activityCols: number[];
  countIdCol: number;
  ignored: string[];
  notes: string[];
}

const words = (list: string): Set<string> => new Set(list.split('|'));
const DATE = words('date|day|datetime|date time|date and time|timestamp|time stamp|period|month|count date|start date|reading date|interval start|period start|start|from|date from');
const TIME = words('time|hour|interval|time period|start time|from time|time slot|slot|hour of day|time interval|time of day|hours');
const ENTRANCE = words('entrance|gate|door|library|location|branch|site|building|counter|sensor|gate id|gate name|library name|location name|branch name|entrance name|door name|sensor name|counter name|library id|location id');
const COUNT = words('count|counts|visits|visitors|total|reading|readings|value|gate count|gate counts|traffic|people|patrons|footfall|number|visitor count|people count|headcount|head count|total visits|total count|number of visitors|of visitors|passes|gate reading|counter reading');
const IN = words('in|ins|entries|entry|entering|enter|in count|count in|people in|visitors in|inbound|incoming|entered');
const OUT = words('out|outs|exits|exit|exiting|out count|count out|people out|visitors out|outbound|outgoing|exited');
// LibInsight's gate-count records carry gate_id (the "library", i.e. the entrance), date, gate_start and
// gate_end: the field names its record API takes for Gate Count datasets, whose libraries record a reading
// at the start and the end of each hour, day or month; a library counted manually sends gate_start alone.
// The spelled-out headers ("Gate Start", "Start Count"...) are not verified against a LibInsight CSV
// export, and a count-method column is not read: bidirectional libraries are given with entranceMeasures.
const START = words('gate start|start count|start reading|starting count|gate start count|start value');
const END = words('gate end|end count|end reading|ending count|gate end count|end value');
const TOTAL = words('total|sum|all|all gates|all entrances|all doors|grand total|daily total|total visits|total count|combined|building total|totals');
const IGNORE = words('day of week|weekday|dow|notes|note|comments|comment|remarks|remark|staff|initials|weather|recorded by|entered by|id|week|week number|holiday|status|event|events|open|opening hours|closed|year|count method|method|dataset|session start|session end|session id|count id');
const IN_SUFFIX = /^(.+?)\s+(?:in|ins|entries|entry)$/;
const OUT_SUFFIX = /^(.+?)\s+(?:out|outs|exits|exit)$/;

/** A header cell folded for matching: lower case, punctuation and underscores as single spaces. */
export function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9#]+/g, ' ').replace(/#/g, '').trim();
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * True when the first non-blank line is a header rather than data: its first cell is not a date and
 * it has some text that is not a number.
 */
export function looksLikeHeader(record: readonly string[]): boolean {
  const s = newStamp();
  if (record.length > 0 && parseStamp(record[0]!, undefined, s)) return false;
  return record.some((c) => c.trim() !== '' && Number.isNaN(parseCount(c) ?? 0));
}

/** True for the Suma raw-data header (Count Date, ..., Location). */
export function isSumaHeader(record: readonly string[]): boolean {
  const f = record.map(fold);
  return f.includes('count date') && f.includes('location');
}

function findNamed(folded: string[], wanted: string | undefined, what: string): number {
  if (wanted === undefined) return -1;
  const i = folded.indexOf(fold(wanted));
  if (i < 0) fail(`The file has no column "${wanted}" (set as the ${what} column). Its columns are: ${folded.join(', ')}`);
  return i;
}

function firstOf(folded: string[], set: Set<string>, taken: Set<number>): number {
  for (let i = 0; i < folded.length; i++) if (!taken.has(i) && set.has(folded[i]!)) return i;
  return -1;
}

/**
 * The plan for a file with a header. `sample` is the first non-blank data line, used to confirm the
 * date and time columns by their content.
 */
export function planFromHeader(header: readonly string[], sample: readonly string[] | undefined, opts: GateCountOptions): Plan {
  const names = header.map((h) => h.trim());
  const folded = names.map(fold);
  const cols = opts.columns ?? {};
  const plan: Plan = {
    shape: 'wide', header: true, names, dateCol: -1, timeCol: -1, entranceCol: -1, countCols: [], wide: [],
    startCol: -1, endCol: -1, activityCols: [], countIdCol: -1, ignored: [], notes: [],
  };
  const taken = new Set<number>();
  const stamp = newStamp();
  const cell = (i: number): string => (sample && i >= 0 ? (sample[i] ?? '') : '');

  if (opts.preset === 'suma' || (opts.preset === undefined && isSumaHeader(header))) return planSuma(plan, folded);

  // Date: the named column, else the first date- or time-named column whose sample is a date, else any such column.
  plan.dateCol = findNamed(folded, cols.date, 'date');
  if (plan.dateCol < 0) {
    const candidates = [...folded.keys()].filter((i) => DATE.has(folded[i]!) || TIME.has(folded[i]!));
    const byContent = [...candidates, ...folded.keys()].find((i) => parseStamp(cell(i), opts.dateOrder, stamp));
    plan.dateCol = sample ? (byContent ?? candidates[0] ?? -1) : (candidates[0] ?? -1);
  }
  if (plan.dateCol < 0) fail(`Hearth found no date column. Name it "Date" (or set the date column) and import again. The columns are: ${names.join(', ')}`);
  taken.add(plan.dateCol);

  plan.timeCol = findNamed(folded, cols.time, 'time');
  if (plan.timeCol < 0) {
    for (let i = 0; i < folded.length; i++) {
      if (taken.has(i) || !TIME.has(folded[i]!)) continue;
      if (!sample || parseTime(cell(i), stamp, false)) {
        plan.timeCol = i;
        break;
      }
    }
  }
  if (plan.timeCol >= 0) taken.add(plan.timeCol);

  plan.entranceCol = findNamed(folded, cols.entrance, 'entrance');
  if (plan.entranceCol < 0) plan.entranceCol = firstOf(folded, ENTRANCE, taken);
  if (plan.entranceCol >= 0) taken.add(plan.entranceCol);

  // LibInsight: readings at the start and the end of each period.
  plan.startCol = firstOf(folded, START, taken);
  plan.endCol = firstOf(folded, END, taken);
  if (opts.preset === 'libinsight' || (opts.preset === undefined && plan.startCol >= 0 && plan.endCol >= 0)) {
    plan.shape = 'libinsight';
    if (plan.startCol < 0) {
      const named = findNamed(folded, cols.count, 'count');
      plan.startCol = named >= 0 ? named : firstOf(folded, COUNT, taken);
    }
    if (plan.startCol < 0) fail(`No gate count column found: a LibInsight file needs "gate_start" (and "gate_end") columns. The columns are: ${names.join(', ')}`);
    taken.add(plan.startCol);
    if (plan.endCol >= 0) taken.add(plan.endCol);
    else plan.notes.push('no end-reading column: each start reading is taken as the count itself (manual count method)');
    markIgnored(plan, taken);
    return plan;
  }
  plan.startCol = plan.endCol = -1;

  const explicitIn = findNamed(folded, cols.in, 'in');
  const explicitOut = findNamed(folded, cols.out, 'out');
  const explicitCount = findNamed(folded, cols.count, 'count');
  if (plan.entranceCol >= 0) {
    plan.shape = 'long';
    const inCol = explicitIn >= 0 ? explicitIn : firstOf(folded, IN, taken);
    const outCol = explicitOut >= 0 ? explicitOut : firstOf(folded, OUT, taken);
    if (explicitCount >= 0) plan.countCols = [explicitCount];
    else if (inCol >= 0 && outCol >= 0) plan.countCols = [inCol, outCol];
    else {
      let c = firstOf(folded, COUNT, taken);
      if (c < 0) c = inCol >= 0 ? inCol : outCol;
      if (c < 0) {
        const rest = [...folded.keys()].filter((i) => !taken.has(i) && !IGNORE.has(folded[i]!) && folded[i] !== '');
        if (rest.length === 1) c = rest[0]!;
      }
      if (c < 0) fail(`No count column found next to the entrance column "${names[plan.entranceCol]}". Name it "Count" (or "In" and "Out"), or set the count column. The columns are: ${names.join(', ')}`);
      plan.countCols = [c];
    }
    for (const c of plan.countCols) taken.add(c);
    markIgnored(plan, taken);
    return plan;
  }

  // Wide: every other column counts one entrance (or one direction of it).
  plan.shape = 'wide';
  const mapped = cols.entrances ? new Set(Object.keys(cols.entrances).map(fold)) : undefined;
  let rest = [...folded.keys()].filter((i) => !taken.has(i) && folded[i] !== '' && !IGNORE.has(folded[i]!));
  if (explicitCount >= 0 || (explicitIn >= 0 && explicitOut >= 0)) rest = explicitCount >= 0 ? [explicitCount] : [explicitIn, explicitOut];
  if (rest.length > 1) {
    const totals = rest.filter((i) => TOTAL.has(folded[i]!));
    if (totals.length > 0 && totals.length < rest.length) {
      rest = rest.filter((i) => !totals.includes(i));
      plan.notes.push(`column ${totals.map((i) => `"${names[i]}"`).join(', ')} adds up the entrances and is not imported`);
    }
  }
  if (mapped) {
    const left = rest.filter((i) => !mapped.has(folded[i]!) && !mapped.has(fold(stripDirection(folded[i]!))));
    rest = rest.filter((i) => !left.includes(i));
    if (left.length) plan.notes.push(`columns not in the entrance list are not imported: ${left.map((i) => names[i]).join(', ')}`);
  }
  if (rest.length === 0) fail(`No count column found. After the date${plan.timeCol >= 0 ? ' and time' : ''} columns Hearth expects one count column per entrance (or Count, or In and Out). The columns are: ${names.join(', ')}`);
  const inCol = rest.find((i) => IN.has(folded[i]!));
  const outCol = rest.find((i) => OUT.has(folded[i]!));
  if (rest.length === 2 && inCol !== undefined && outCol !== undefined) {
    plan.wide.push({ name: opts.entrance ?? 'main', cols: [inCol, outCol] });
  } else if (rest.length === 1) {
    const f = folded[rest[0]!]!;
    const generic = COUNT.has(f) || IN.has(f) || OUT.has(f);
    plan.wide.push({ name: opts.entrance ?? (generic ? 'main' : names[rest[0]!]!), cols: [rest[0]!] });
  } else {
    const pairs = new Map<string, { in?: number; out?: number }>();
    for (const i of rest) {
      const m = IN_SUFFIX.exec(folded[i]!) ?? OUT_SUFFIX.exec(folded[i]!);
      if (!m) continue;
      const p = pairs.get(m[1]!) ?? {};
      if (IN_SUFFIX.test(folded[i]!)) p.in = i;
      else p.out = i;
      pairs.set(m[1]!, p);
    }
    const paired = new Set<number>();
    for (const i of rest) {
      if (paired.has(i)) continue;
      const m = IN_SUFFIX.exec(folded[i]!) ?? OUT_SUFFIX.exec(folded[i]!);
      const p = m ? pairs.get(m[1]!) : undefined;
      if (p?.in !== undefined && p.out !== undefined) {
        paired.add(p.in).add(p.out);
        plan.wide.push({ name: stripDirection(names[i]!).trim(), cols: [p.in, p.out] });
      } else plan.wide.push({ name: names[i]!, cols: [i] });
    }
  }
  for (const e of plan.wide) for (const c of e.cols) taken.add(c);
  markIgnored(plan, taken);
  return plan;
}

/** "North In" -> "North". */
function stripDirection(name: string): string {
  return name.replace(/[\s_-]+(?:in|ins|entries|entry|out|outs|exits|exit)$/i, '');
}

function markIgnored(plan: Plan, taken: Set<number>): void {
  plan.names.forEach((n, i) => {
    if (!taken.has(i) && n !== '') plan.ignored.push(n);
  });
}

/**
 * Suma's raw-data export: Count Date (local "YYYY-MM-DD hh:mm:ss"), Session Start, Session End, Count ID,
 * Session ID, Location ("Title (id)"), then one column per activity ("Group: Activity", "No Activity: No
 * Activity" for counts without one) holding the count's number in each activity it was tagged with;
 * newest count first. The report-style variant adds title lines and repeats the header per day.
 */
function planSuma(plan: Plan, folded: string[]): Plan {
  plan.shape = 'suma';
  plan.dateCol = folded.indexOf('count date');
  plan.entranceCol = folded.indexOf('location');
  plan.countIdCol = folded.indexOf('count id');
  if (plan.dateCol < 0 || plan.entranceCol < 0) fail('This is not a Suma raw-data export: it needs the columns "Count Date" and "Location".');
  const structural = new Set(['count date', 'session start', 'session end', 'count id', 'session id', 'location']);
  plan.activityCols = [...folded.keys()].filter((i) => !structural.has(folded[i]!) && folded[i] !== '');
  if (plan.activityCols.length === 0) fail('The Suma export has no activity columns, so the counts cannot be read.');
  plan.ignored = plan.names.filter((_, i) => i !== plan.dateCol && i !== plan.entranceCol && !plan.activityCols.includes(i) && plan.names[i] !== '');
  return plan;
}

/**
 * The plan for a file without a header, from its first data line: the date first (with the time in
 * the same cell or the next one), then one count column (named after `opts.entrance`) or several
 * ("column 2", "column 3"...).
 */
export function planHeadless(first: readonly string[], opts: GateCountOptions): Plan {
  const stamp: Stamp = newStamp();
  const names = first.map((_, i) => `column ${i + 1}`);
  const plan: Plan = {
    shape: 'wide', header: false, names, dateCol: 0, timeCol: -1, entranceCol: -1, countCols: [], wide: [],
    startCol: -1, endCol: -1, activityCols: [], countIdCol: -1, ignored: [], notes: [],
  };
  let next = 1;
  if (first.length > 2 && first[1]!.includes(':') && parseTime(first[1]!, stamp, false)) {
    plan.timeCol = 1;
    next = 2;
  }
  const counts = [...first.keys()].slice(next);
  if (counts.length === 0) fail('The file has dates but no counts: each line needs a count after the date.');
  if (counts.length === 1) plan.wide.push({ name: opts.entrance ?? 'main', cols: [counts[0]!] });
  else for (const c of counts) plan.wide.push({ name: names[c]!, cols: [c] });
  return plan;
}
