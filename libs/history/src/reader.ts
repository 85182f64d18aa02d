import { DATE, DATETIME, LocalClock, MONTH, newStamp, parseStamp, parseTime, wallMs } from './dates.js';
import { fold, isSumaHeader, looksLikeHeader, planFromHeader, planHeadless, type Plan } from './detect.js';
import { CumulativeSeries, IntervalSeries, type SeriesConfig, type SeriesSink } from './series.js';
import type {
  DateOrder, EntranceTotal, GateCountOptions, GateCountRow, Granularity, ImportIssue, ImportReport, Measure, Preset, Readings,
} from './types.js';
import { isBlank, parseCount } from './values.js';

/** Data lines held back to settle the file's shape, more per entrance in long files. */
const LOOKAHEAD_LINES = 400;
/** Caps on what is held while the day/month order is still open. */
const LOOKAHEAD_MAX_LINES = 100_000;
const LOOKAHEAD_MAX_CELLS = 2_000_000;
const TEXT_MAX = 80;

type AnySeries = IntervalSeries | CumulativeSeries;

function median(list: number[]): number {
  if (list.length === 0) return 0;
  const s = [...list].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > TEXT_MAX ? `${t.slice(0, TEXT_MAX)}…` : t;
}

/**
 * Hearth's incremental gate-count reader: parsed CSV records go in one at a time with their line
 * numbers, finished rows come out in chunks, and a report sums up what was read, imported, flagged
 * and skipped. The first few hundred data lines (more only while the day/month order is still open)
 * are held back to settle what the file is: its date order, its granularity and whether its numbers
 * are running counter readings; after that every line is handled as it arrives, so a file of any
 * length streams in constant memory (Suma tallies excepted: they are summed per hour until the end).
 */
export class GateCountReader implements SeriesSink {
  private readonly opts: GateCountOptions;
  private readonly clock: LocalClock;
  private readonly cfg: SeriesConfig;
  private readonly chunkSize: number;
  private readonly maxIssues: number;
  private readonly preset: Preset;

  private stage: 'start' | 'header' | 'lookahead' | 'stream' | 'done' = 'start';
  private header: string[] | undefined;
  private titles = 0;
  private plan!: Plan;
  private buffer: Array<[string[], number]> = [];
  private bufferedCells = 0;
  private dmyLine = 0;
  private mdyLine = 0;
  private ambiguous: { line: number; text: string } | undefined;
  private readonly seen = new Set<string>();

  // Decisions.
  private order: DateOrder | undefined;
  private granularity: Granularity = 'day';
  private interval = 1440;
  private phase = 0;
  private readings: Readings = 'interval';
  private readingsDetected = false;
  private granularityDetected = false;
  private orderDetected = false;

  // Per-line state.
  private readonly stamp = newStamp();
  private lastDate: string | undefined;
  private lastTime: string | undefined;
  private lastOk = false;
  private lastReason = '';
  private lastReasonText = '';
  private start = 0;
  private end = 0;
  private curY = 0;
  private curMo = 0;
  private curD = 0;
  private curMinute = -1;
  private curNaive = true;
  private readonly scratch = new Float64Array(2);

  // Series.
  private wideSeries: AnySeries[] = [];
  private readonly longSeries = new Map<string, AnySeries | null>();
  private lastEntranceText: string | undefined;
  private lastEntranceSeries: AnySeries | null = null;
  private readonly entranceKeys: Map<string, string> | undefined;
  private readonly tallies = new Map<string, { entrance: string; start: number; n: number; line: number }>();
  private readonly countIds = new Set<string>();
  private manualNoted = false;

  // Output and report.
  private out: GateCountRow[] = [];
  private readonly entrances: string[] = [];
  private readonly totals = new Map<string, EntranceTotal>();
  private read = 0;
  private imported = 0;
  private flagged = 0;
  private skipped = 0;
  private omitted = 0;
  private wraps = 0;
  private readonly issues: ImportIssue[] = [];
  private readonly byReason: Record<string, number> = {};
  private from = Infinity;
  private to = -Infinity;

  constructor(options: GateCountOptions) {
    this.opts = options;
    this.clock = new LocalClock(options.timeZone);
    this.cfg = { jumpFactor: options.jumpFactor ?? 10, maxPerInterval: options.maxPerInterval, rollover: options.rollover };
    this.chunkSize = options.chunkSize ?? 5000;
    this.maxIssues = options.maxIssues ?? 1000;
    this.preset = options.preset ?? 'generic';
    const map = options.columns?.entrances;
    this.entranceKeys = map ? new Map(Object.entries(map).map(([k, v]) => [fold(k), v])) : undefined;
  }

  /** Hands one parsed record (its cells) and the 1-based line it starts on to the reader. */
  push(record: string[], line: number): void {
    switch (this.stage) {
      case 'stream':
        this.process(record, line);
        return;
      case 'lookahead':
        this.hold(record, line);
        if (this.enough()) this.decide();
        return;
      case 'header':
        if (isBlank(record)) {
          this.hold(record, line);
          return;
        }
        this.plan = planFromHeader(this.header!, record, this.opts);
        this.stage = 'lookahead';
        this.hold(record, line);
        return;
      case 'start':
        this.begin(record, line);
        return;
      case 'done':
        throw new Error('The gate-count reader has already finished');
    }
  }

  private begin(record: string[], line: number): void {
    if (isBlank(record)) {
      this.read++;
      this.issue(line, undefined, 'skipped', 'blank_line');
      return;
    }
    const preamble = this.preset === 'suma' ? !isSumaHeader(record) : record.filter((c) => c.trim() !== '').length === 1 && this.titles < 5 && looksLikeHeader(record);
    if (preamble) {
      this.titles++;
      this.read++;
      this.issue(line, undefined, 'skipped', 'heading', clip(record.join(' ')));
      return;
    }
    if (this.preset === 'suma' || looksLikeHeader(record)) {
      this.header = record;
      if (this.preset === 'suma' || (this.opts.preset === undefined && isSumaHeader(record))) {
        this.plan = planFromHeader(record, undefined, this.opts);
        this.stage = 'lookahead';
        if (this.titles > 0)
          this.plan.notes.push("this is Suma's report-style export, whose activity cells show 1 for every count (an observed empty location too); its unprocessed raw-data export gives the exact numbers");
      } else this.stage = 'header';
      return;
    }
    this.plan = planHeadless(record, this.opts);
    this.stage = 'lookahead';
    this.hold(record, line);
  }

  /** Keeps a record for the decisions and notes what it says about the date order. */
  private hold(record: string[], line: number): void {
    this.buffer.push([record, line]);
    this.bufferedCells += record.length;
    if (this.stage !== 'lookahead') return;
    const p = this.plan;
    const text = record[p.dateCol];
    if (text !== undefined && parseStamp(text, undefined, this.stamp) && this.stamp.numeric) {
      const { a, b } = this.stamp;
      if (a > 12 && !this.dmyLine) this.dmyLine = line;
      else if (b > 12 && !this.mdyLine) this.mdyLine = line;
      else if (a !== b && a <= 12 && b <= 12 && !this.ambiguous) this.ambiguous = { line, text: clip(text) };
    }
    if (p.entranceCol >= 0 && this.seen.size < 10_000) this.seen.add(record[p.entranceCol] ?? '');
  }

  private enough(): boolean {
    const n = this.buffer.length;
    if (n >= LOOKAHEAD_MAX_LINES || this.bufferedCells >= LOOKAHEAD_MAX_CELLS) return true;
    const orderOpen = !this.opts.dateOrder && this.ambiguous !== undefined && !this.dmyLine && !this.mdyLine;
    return !orderOpen && n >= Math.max(LOOKAHEAD_LINES, 48 * this.seen.size);
  }

  /** Settles date order, granularity and readings from the held lines, then handles them. */
  private decide(): void {
    const p = this.plan;
    const dateName = p.names[p.dateCol] ?? 'date';
    if (this.opts.dateOrder) this.order = this.opts.dateOrder;
    else if (this.dmyLine && this.mdyLine)
      throw new Error(`The dates in column "${dateName}" mix day/month order (line ${this.dmyLine}) and month/day order (line ${this.mdyLine}). Make them consistent and import again.`);
    else if (this.dmyLine || this.mdyLine) {
      this.order = this.dmyLine ? 'dmy' : 'mdy';
      this.orderDetected = true;
    } else if (this.ambiguous)
      throw new Error(`The dates in column "${dateName}" could be day/month or month/day ("${this.ambiguous.text}" on line ${this.ambiguous.line}) and no day above 12 shows which. Choose the date order (day/month/year or month/day/year) and import again.`);

    this.settle();
    this.stage = 'stream';
    const held = this.buffer;
    this.buffer = [];
    for (const [record, line] of held) this.process(record, line);
  }

  private settle(): void {
    const p = this.plan;
    const s = this.stamp;
    const dateName = p.names[p.dateCol] ?? 'date';
    let data = 0;
    let readable = 0;
    let firstBad: { line: number; text: string } | undefined;
    let sawMonth = false;
    let sawDate = false;
    let sawTime = false;
    let allFirst = true;
    let firstMinute = -1;
    const walls = new Map<string, number[]>();
    /** Per entrance and count column: [wall time, value] pairs, to judge the readings in time order. */
    const channels = new Map<string, [number, number][]>();
    for (const [record, line] of this.buffer) {
      if (isBlank(record) || (p.shape === 'suma' && this.sumaHeading(record))) continue;
      data++;
      const text = record[p.dateCol] ?? '';
      if (!parseStamp(text, this.order, s)) {
        firstBad ??= { line, text };
        continue;
      }
      if (p.timeCol >= 0 && s.kind !== MONTH && parseTime(record[p.timeCol] ?? '', s, false)) s.kind = DATETIME;
      readable++;
      if (s.kind === MONTH) sawMonth = true;
      else if (s.kind === DATE) sawDate = true;
      else {
        sawTime = true;
        if (firstMinute < 0) firstMinute = s.minute;
      }
      if (s.d !== 1) allFirst = false;
      const who = p.entranceCol >= 0 ? (record[p.entranceCol] ?? '') : '';
      let list = walls.get(who);
      if (!list) walls.set(who, (list = []));
      const wall = wallMs(s);
      list.push(wall);
      if (p.shape === 'wide' || p.shape === 'long') {
        const groups = p.shape === 'wide' ? p.wide.map((w) => w.cols) : [p.countCols];
        for (const cols of groups)
          for (const c of cols) {
            const v = parseCount(record[c]);
            if (v === undefined || Number.isNaN(v)) continue;
            const key = `${who}\u0001${c}`;
            let pairs = channels.get(key);
            if (!pairs) channels.set(key, (pairs = []));
            pairs.push([wall, v]);
          }
      }
    }
    let up = 0;
    let down = 0;
    const values: number[] = [];
    const rises: number[] = [];
    for (const pairs of channels.values()) {
      pairs.sort((x, y) => x[0] - y[0]);
      for (let i = 0; i < pairs.length; i++) {
        const v = pairs[i]![1];
        values.push(v);
        if (i === 0) continue;
        const prev = pairs[i - 1]![1];
        if (v > prev) {
          up++;
          rises.push(v - prev);
        } else if (v < prev) down++;
      }
    }
    if (data > 0 && (readable === 0 || (data >= 10 && readable < data / 2)))
      throw new Error(`Hearth could not read the dates in column "${dateName}" (line ${firstBad!.line}: "${clip(firstBad!.text)}"). Use dates such as 2021-09-01, 01-Sep-21 or 9/1/2021, or choose the date column.`);
    if (sawMonth && (sawDate || sawTime))
      throw new Error(`The file mixes granularities: column "${dateName}" has months (such as 2021-09) and days. Import monthly and daily counts as separate files.`);

    let step = Infinity;
    let forward = 0;
    let backward = 0;
    for (const list of walls.values()) {
      for (let i = 1; i < list.length; i++) {
        if (list[i]! > list[i - 1]!) forward++;
        else if (list[i]! < list[i - 1]!) backward++;
      }
      list.sort((x, y) => x - y);
      for (let i = 1; i < list.length; i++) {
        const d = list[i]! - list[i - 1]!;
        if (d > 0 && d < step) step = d;
      }
    }
    const stepMinutes = step / 60_000;
    let detected: Granularity;
    if (p.shape === 'suma') detected = 'hour';
    else if (sawMonth) detected = 'month';
    else if (sawTime && stepMinutes < 1440) detected = 'hour';
    else if (stepMinutes >= 28 * 1440 && Number.isFinite(stepMinutes) && allFirst && !sawTime) detected = 'month';
    else if (sawTime && !Number.isFinite(stepMinutes) && firstMinute > 0) detected = 'hour';
    else detected = 'day';
    const wanted = this.opts.granularity;
    this.granularity = wanted && wanted !== 'auto' ? wanted : detected;
    this.granularityDetected = !wanted || wanted === 'auto';
    this.interval = this.granularity === 'month' ? 0 : this.granularity === 'day' ? 1440
      : p.shape !== 'suma' && stepMinutes < 1440 ? stepMinutes : 60;
    this.phase = this.granularity === 'hour' && firstMinute >= 0 ? firstMinute % this.interval : 0;

    if (p.shape === 'libinsight') this.readings = 'start_end';
    else if (p.shape === 'suma') this.readings = 'tally';
    else if (this.opts.readings && this.opts.readings !== 'auto') this.readings = this.opts.readings;
    else {
      this.readingsDetected = true;
      // Running totals rise (nearly) always and stand far above the traffic between two readings.
      const rising = up >= 3 && down <= 0.1 * (up + down);
      const large = median(values) >= 3 * median(rises);
      this.readings = rising && large ? 'cumulative' : 'interval';
      if (up + down > 0)
        p.notes.push(`readings taken as ${this.readings === 'cumulative' ? 'running counter totals' : 'counts per interval'}: ${up} of ${up + down} changes between consecutive values are increases${rising && !large ? ', but the values are not much larger than the changes' : ''}`);
    }
    if (this.readings === 'cumulative' && backward > forward)
      throw new Error('The counter readings run newest first. Sort the file oldest first (by date and time) and import again.');
    if (p.shape === 'wide') this.wideSeries = p.wide.map((w) => this.makeSeries(w.name, w.cols.length) ?? this.fail(`entrance "${w.name}" is not in the entrance list`));
  }

  private fail(message: string): never {
    throw new Error(message);
  }

  private measureOf(name: string, key: string): Measure {
    const m = this.opts.entranceMeasures;
    return m?.[name] ?? m?.[key] ?? this.opts.measure ?? 'entries';
  }

  /** The series for an entrance name, or null when an entrance list is given and it is not on it. */
  private makeSeries(name: string, channels: number): AnySeries | null {
    let key = name.trim();
    if (this.entranceKeys) {
      const mapped = this.entranceKeys.get(fold(name)) ?? this.entranceKeys.get(fold(name.replace(/[\s_-]+(?:in|out)$/i, '')));
      if (mapped === undefined) return null;
      key = mapped;
    }
    if (!this.entrances.includes(key)) this.entrances.push(key);
    const measure = this.measureOf(name, key);
    const cls = this.readings === 'cumulative' ? CumulativeSeries : IntervalSeries;
    return new cls(key, channels, measure, this, this.cfg);
  }

  private sumaHeading(record: string[]): boolean {
    return isSumaHeader(record) || record.filter((c) => c.trim() !== '').length === 1;
  }

  /** Works out the interval of the current line into `start`/`end`; false (with an issue) when it has none. */
  private locate(record: string[], line: number): boolean {
    const p = this.plan;
    const dateText = record[p.dateCol] ?? '';
    const timeText = p.timeCol >= 0 ? (record[p.timeCol] ?? '') : '';
    if (dateText === this.lastDate && timeText === this.lastTime) {
      if (!this.lastOk) this.issue(line, undefined, 'skipped', this.lastReason, clip(this.lastReasonText));
      return this.lastOk;
    }
    this.lastDate = dateText;
    this.lastTime = timeText;
    this.lastOk = this.resolve(dateText, timeText, line);
    if (!this.lastOk) this.issue(line, undefined, 'skipped', this.lastReason, clip(this.lastReasonText));
    return this.lastOk;
  }

  private refuse(reason: string, text: string): false {
    this.lastReason = reason;
    this.lastReasonText = text;
    return false;
  }

  private mixed(line: number, text: string, what: string): never {
    throw new Error(`The file mixes granularities: line ${line} ("${clip(text)}") ${what}. Import each granularity as a separate file.`);
  }

  private resolve(dateText: string, timeText: string, line: number): boolean {
    const s = this.stamp;
    if (!parseStamp(dateText, this.order, s)) return this.refuse('bad_date', dateText);
    if (this.plan.timeCol >= 0 && s.kind !== MONTH) {
      if (timeText.trim() !== '') {
        if (!parseTime(timeText, s, false)) return this.refuse('bad_time', timeText);
        s.kind = DATETIME;
      } else if (this.granularity === 'hour') return this.refuse('bad_time', timeText);
    }
    const g = this.granularity;
    const shown = timeText ? `${dateText} ${timeText}` : dateText;
    if (g === 'month') {
      if (s.kind !== MONTH && s.d !== 1) this.mixed(line, shown, 'is a day in a file of months');
    } else if (s.kind === MONTH) this.mixed(line, shown, `is a month in a file of ${g === 'day' ? 'days' : 'hours'}`);
    else if (g === 'hour' && this.plan.shape !== 'suma') {
      if (s.kind !== DATETIME) this.mixed(line, shown, 'has no time in a file of hours');
      if ((((s.minute - this.phase) % this.interval) + this.interval) % this.interval !== 0)
        this.mixed(line, shown, `does not fit the ${this.interval}-minute intervals of the rest of the file`);
    }
    this.curY = s.y;
    this.curMo = s.mo;
    this.curD = s.d;
    this.curMinute = s.minute;
    this.curNaive = Number.isNaN(s.offset);
    if (this.curNaive) {
      const c = this.clock;
      if (g === 'hour') {
        const minute = this.plan.shape === 'suma' ? s.minute - (s.minute % 60) : s.minute;
        this.curMinute = minute;
        this.start = c.at(s.y, s.mo, s.d, minute);
        if (Number.isNaN(this.start)) return this.refuse('nonexistent_time', shown);
        this.end = this.start + this.interval * 60_000;
      } else if (g === 'day') {
        this.start = c.dayStart(s.y, s.mo, s.d);
        this.end = c.dayEnd(s.y, s.mo, s.d);
      } else {
        this.start = c.dayStart(s.y, s.mo, 1);
        this.end = s.mo === 12 ? c.dayStart(s.y + 1, 1, 1) : c.dayStart(s.y, s.mo + 1, 1);
      }
    } else {
      const off = s.offset * 60_000;
      if (g === 'hour') {
        const minute = this.plan.shape === 'suma' ? s.minute - (s.minute % 60) : s.minute;
        this.start = Date.UTC(s.y, s.mo - 1, s.d) + minute * 60_000 - off;
        this.end = this.start + this.interval * 60_000;
      } else if (g === 'day') {
        this.start = Date.UTC(s.y, s.mo - 1, s.d) - off;
        this.end = this.start + 86_400_000;
      } else {
        this.start = Date.UTC(s.y, s.mo - 1, 1) - off;
        this.end = Date.UTC(s.y, s.mo, 1) - off;
      }
    }
    return true;
  }

  /** {@link SeriesSink.repeatedStart}: the later occurrence of the current line's local time, if any. */
  repeatedStart(): number {
    if (this.granularity !== 'hour' || !this.curNaive) return NaN;
    return this.clock.repeat(this.curY, this.curMo, this.curD, this.curMinute);
  }

  /** Reads one count cell into `scratch[slot]`; false (with an issue) when it holds no usable count. */
  private value(text: string | undefined, slot: number, line: number, entrance: string | undefined): boolean {
    const v = parseCount(text);
    if (v === undefined) {
      this.issue(line, entrance, 'skipped', 'empty');
      return false;
    }
    if (Number.isNaN(v)) {
      this.issue(line, entrance, 'skipped', 'not_a_number', clip(text!));
      return false;
    }
    if (v < 0) {
      this.issue(line, entrance, 'flagged', 'negative', clip(text!));
      return false;
    }
    if (!Number.isInteger(v)) {
      this.issue(line, entrance, 'flagged', 'non_integer', clip(text!));
      return false;
    }
    this.scratch[slot] = v;
    return true;
  }

  private process(record: string[], line: number): void {
    this.read++;
    if (isBlank(record)) {
      this.issue(line, undefined, 'skipped', 'blank_line');
      return;
    }
    const p = this.plan;
    if (p.shape === 'suma' && this.sumaHeading(record)) {
      this.issue(line, undefined, 'skipped', 'heading', clip(record.join(' ')));
      return;
    }
    if (!this.locate(record, line)) return;
    if (p.shape === 'wide') {
      const series = this.wideSeries;
      for (let i = 0; i < series.length; i++) {
        const s = series[i]!;
        const cols = p.wide[i]!.cols;
        if (!this.value(record[cols[0]!], 0, line, s.entrance)) continue;
        if (cols.length === 2 && !this.value(record[cols[1]!], 1, line, s.entrance)) continue;
        s.push(this.scratch, this.start, this.end, line);
      }
      return;
    }
    if (p.shape === 'suma') {
      this.tally(record, line);
      return;
    }
    const s = this.seriesFor(record, line);
    if (s === null) return;
    if (p.shape === 'long') {
      const cols = p.countCols;
      if (!this.value(record[cols[0]!], 0, line, s.entrance)) return;
      if (cols.length === 2 && !this.value(record[cols[1]!], 1, line, s.entrance)) return;
      s.push(this.scratch, this.start, this.end, line);
      return;
    }
    // LibInsight: start and end readings of the period, or (manual count method) the count alone.
    if (!this.value(record[p.startCol], 0, line, s.entrance)) return;
    const first = this.scratch[0]!;
    const endText = p.endCol >= 0 ? record[p.endCol] : undefined;
    if (endText === undefined || endText.trim() === '') {
      if (p.endCol >= 0 && !this.manualNoted) {
        this.manualNoted = true;
        p.notes.push(`lines without an end reading (first: line ${line}) are taken as manual counts`);
      }
      (s as IntervalSeries).push(this.scratch, this.start, this.end, line);
      return;
    }
    if (!this.value(endText, 1, line, s.entrance)) return;
    (s as IntervalSeries).pushStartEnd(first, this.scratch[1]!, this.start, this.end, line, this.scratch);
  }

  /** The series of the entrance named on this line (long and LibInsight files). */
  private seriesFor(record: string[], line: number): AnySeries | null {
    const p = this.plan;
    const text = p.entranceCol >= 0 ? (record[p.entranceCol] ?? '') : (this.opts.entrance ?? 'main');
    if (text === this.lastEntranceText) {
      if (this.lastEntranceSeries === null) this.issue(line, undefined, 'skipped', 'unknown_entrance', clip(text));
      return this.lastEntranceSeries;
    }
    const name = text.trim();
    if (name === '') {
      this.issue(line, undefined, 'skipped', 'no_entrance');
      return null;
    }
    let s = this.longSeries.get(name);
    if (s === undefined) {
      s = this.makeSeries(name, p.shape === 'long' ? p.countCols.length : 1);
      this.longSeries.set(name, s);
    }
    this.lastEntranceText = text;
    this.lastEntranceSeries = s;
    if (s === null) this.issue(line, undefined, 'skipped', 'unknown_entrance', clip(text));
    return s;
  }

  /** Suma: adds one count's number to its location's hour. */
  private tally(record: string[], line: number): void {
    const p = this.plan;
    if (p.countIdCol >= 0) {
      const id = (record[p.countIdCol] ?? '').trim();
      if (id !== '') {
        if (this.countIds.has(id)) {
          this.issue(line, undefined, 'flagged', 'duplicate', `count id ${clip(id)}`);
          return;
        }
        this.countIds.add(id);
      }
    }
    const name = (record[p.entranceCol] ?? '').trim();
    if (name === '') {
      this.issue(line, undefined, 'skipped', 'no_entrance');
      return;
    }
    let key = name;
    if (this.entranceKeys) {
      const mapped = this.entranceKeys.get(fold(name));
      if (mapped === undefined) {
        this.issue(line, undefined, 'skipped', 'unknown_entrance', clip(name));
        return;
      }
      key = mapped;
    }
    let n = -1;
    for (const c of p.activityCols) {
      const v = parseCount(record[c]);
      if (v !== undefined && Number.isInteger(v) && v > n) n = v;
    }
    if (n < 0) {
      this.issue(line, key, 'skipped', 'no_count', clip(record.join(',')));
      return;
    }
    const id = `${key}\u0001${this.start}`;
    const t = this.tallies.get(id);
    if (t) {
      t.n += n;
      if (line < t.line) t.line = line;
    } else {
      if (!this.entrances.includes(key)) this.entrances.push(key);
      this.tallies.set(id, { entrance: key, start: this.start, n, line });
    }
  }

  /** {@link SeriesSink.row}. */
  row(entrance: string, start: number, end: number, inCount: number, outCount: number, line: number): void {
    this.out.push({ entrance, start, end, in: inCount, out: outCount, line, granularity: this.granularity });
    this.imported++;
    if (start < this.from) this.from = start;
    if (end > this.to) this.to = end;
    const t = this.totals.get(entrance);
    if (t) {
      t.in += inCount;
      t.out += outCount;
      t.rows++;
      if (line < t.firstLine) t.firstLine = line;
      if (line > t.lastLine) t.lastLine = line;
    } else this.totals.set(entrance, { in: inCount, out: outCount, rows: 1, firstLine: line, lastLine: line });
  }

  /** {@link SeriesSink.issue}. */
  issue(line: number, entrance: string | undefined, kind: 'flagged' | 'skipped', reason: string, text?: string): void {
    if (kind === 'flagged') this.flagged++;
    else this.skipped++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    if (this.issues.length >= this.maxIssues) {
      this.omitted++;
      return;
    }
    const issue: ImportIssue = { line, kind, reason };
    if (entrance !== undefined) issue.entrance = entrance;
    if (text !== undefined && text !== '') issue.text = text;
    this.issues.push(issue);
  }

  /** {@link SeriesSink.bridged}. */
  bridged(): void {
    this.wraps++;
  }

  /** True when a chunk of rows is waiting to be taken. */
  get ready(): boolean {
    return this.out.length >= this.chunkSize;
  }

  /** The rows finished so far (in file order per entrance), handed over once. */
  take(): GateCountRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  /** Ends the input: settles a short file, closes every series and adds up Suma's hours. */
  finish(): void {
    if (this.stage === 'done') return;
    if (this.stage === 'start') throw new Error('The file has no gate counts: it is empty.');
    if (this.stage === 'header') {
      this.plan = planFromHeader(this.header!, undefined, this.opts);
      this.stage = 'lookahead';
    }
    if (this.stage === 'lookahead') this.decide();
    for (const s of this.wideSeries) s.finish();
    for (const s of this.longSeries.values()) s?.finish();
    if (this.plan.shape === 'suma') {
      const hours = [...this.tallies.values()].sort((a, b) => (a.entrance < b.entrance ? -1 : a.entrance > b.entrance ? 1 : a.start - b.start));
      for (const t of hours) this.row(t.entrance, t.start, t.start + 3_600_000, t.n, 0, t.line);
      this.tallies.clear();
    }
    this.stage = 'done';
  }

  /** What the import found; complete after {@link finish}. */
  report(): ImportReport {
    const p = this.plan;
    const totals: Record<string, EntranceTotal> = {};
    for (const [k, v] of this.totals) totals[k] = { ...v };
    const counts = p
      ? p.shape === 'wide' ? p.wide.flatMap((w) => w.cols.map((c) => p.names[c]!))
        : p.shape === 'long' ? p.countCols.map((c) => p.names[c]!)
          : p.shape === 'libinsight' ? [p.startCol, p.endCol].filter((c) => c >= 0).map((c) => p.names[c]!)
            : p.activityCols.map((c) => p.names[c]!)
      : [];
    const report: ImportReport = {
      format: {
        shape: p?.shape ?? 'wide',
        preset: this.preset === 'generic' && p?.shape === 'libinsight' ? 'libinsight' : this.preset === 'generic' && p?.shape === 'suma' ? 'suma' : this.preset,
        header: p?.header ?? false,
        columns: {
          date: p ? (p.names[p.dateCol] ?? '') : '',
          ...(p && p.timeCol >= 0 ? { time: p.names[p.timeCol] } : {}),
          ...(p && p.entranceCol >= 0 ? { entrance: p.names[p.entranceCol] } : {}),
          counts,
        },
        readings: this.readings,
        readingsDetected: this.readingsDetected,
        granularity: this.granularity,
        intervalMinutes: this.interval,
        granularityDetected: this.granularityDetected,
        measure: this.opts.measure ?? 'entries',
        entrances: [...this.entrances],
        ...(this.order ? { dateOrder: this.order, dateOrderDetected: this.orderDetected } : {}),
        ...(this.opts.rollover !== undefined ? { rollover: this.opts.rollover } : {}),
        timeZone: this.opts.timeZone,
        ignoredColumns: p ? [...p.ignored] : [],
        notes: p ? [...p.notes] : [],
      },
      rows: { read: this.read, imported: this.imported, flagged: this.flagged, skipped: this.skipped },
      byReason: { ...this.byReason },
      issues: [...this.issues],
      issuesOmitted: this.omitted,
      rolloversBridged: this.wraps,
      totals,
    };
    if (this.imported > 0) {
      report.from = new Date(this.from).toISOString();
      report.to = new Date(this.to).toISOString();
    }
    return report;
  }
}
