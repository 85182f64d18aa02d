import type { Measure } from './types.js';

/**
 * One entrance's readings turned into traffic per interval. Running counters (cumulative) become
 * differences between consecutive readings, bridging the counter's wrap and refusing changes that are
 * not traffic (a counter replaced, reset or mistyped); plain interval counts are checked the same way.
 * Everything here is per reading and allocation-free apart from the rows it emits.
 */

/** Where series send their rows, issues and bridged wraps (the reader). */
export interface SeriesSink {
  row(entrance: string, start: number, end: number, inCount: number, outCount: number, line: number): void;
  issue(line: number, entrance: string | undefined, kind: 'flagged' | 'skipped', reason: string, text?: string): void;
  bridged(): void;
  /** The second occurrence of the current line's local time when clocks go back; NaN otherwise. */
  repeatedStart(): number;
}

/** Thresholds shared by every series of one import. */
export interface SeriesConfig {
  jumpFactor: number;
  maxPerInterval?: number;
  rollover?: number;
}

/** Medians below this are raised to it, so quiet entrances are not flagged for ordinary busy hours. */
const MIN_MEDIAN = 10;
/** Changes needed before jumps are judged. */
const MIN_HISTORY = 7;
const WINDOW = 24;

/** Recent positive per-interval counts and their median, re-sorted every few pushes. */
class Recent {
  private readonly values = new Float64Array(WINDOW);
  private readonly sorted = new Float64Array(WINDOW);
  private n = 0;
  private next = 0;
  private stale = 0;
  median = 0;

  push(v: number): void {
    if (!(v > 0)) return;
    this.values[this.next] = v;
    this.next = (this.next + 1) % WINDOW;
    if (this.n < WINDOW) this.n++;
    if (++this.stale >= 8 || this.n <= MIN_HISTORY + 1) this.refresh();
  }

  private refresh(): void {
    this.stale = 0;
    const s = this.sorted.subarray(0, this.n);
    s.set(this.values.subarray(0, this.n));
    s.sort();
    const h = this.n >> 1;
    this.median = this.n % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
  }

  get ready(): boolean {
    return this.n >= MIN_HISTORY;
  }
}

/** The value at which a counter that read `prev` and now reads `cur` wrapped; 0 when it did not. */
export function rolloverFor(prev: number, cur: number, explicit: number | undefined): number {
  if (explicit !== undefined) return prev < explicit && explicit - prev + cur < explicit / 2 ? explicit : 0;
  let p = 10;
  while (p <= prev) p *= 10;
  for (const c of [p, 65_536, 4_294_967_296]) if (prev < c && prev >= 0.9 * c && cur < 0.1 * c) return c;
  return 0;
}

function show(values: Float64Array, n: number): string {
  return n === 1 ? String(values[0]) : `${values[0]} in / ${values[1]} out`;
}

/** Common part: emitting rows in Hearth's in/out terms and judging one interval's size. */
abstract class Series {
  protected readonly recent = new Recent();
  protected readonly delta: Float64Array;

  constructor(
    readonly entrance: string,
    protected readonly channels: number,
    protected readonly measure: Measure,
    protected readonly sink: SeriesSink,
    protected readonly cfg: SeriesConfig,
  ) {
    this.delta = new Float64Array(channels);
  }

  protected emit(start: number, end: number, line: number): void {
    const d = this.delta;
    if (this.channels === 2) this.sink.row(this.entrance, start, end, d[0]!, d[1]!, line);
    else if (this.measure === 'entries') this.sink.row(this.entrance, start, end, d[0]!, 0, line);
    else if (this.measure === 'exits') this.sink.row(this.entrance, start, end, 0, d[0]!, line);
    else {
      const inCount = Math.round(d[0]! / 2);
      this.sink.row(this.entrance, start, end, inCount, d[0]! - inCount, line);
    }
  }

  /** 'jump' or 'over_cap' when `this.delta` over `span` intervals is not believable traffic; null otherwise. */
  protected judge(span: number): string | null {
    let total = 0;
    for (let c = 0; c < this.channels; c++) {
      const v = this.delta[c]!;
      if (this.cfg.maxPerInterval !== undefined && v > this.cfg.maxPerInterval * span) return 'over_cap';
      total += v;
    }
    const r = this.recent;
    if (r.ready && total > this.cfg.jumpFactor * Math.max(r.median, MIN_MEDIAN) * span) return 'jump';
    return null;
  }

  protected remember(span: number): void {
    let total = 0;
    for (let c = 0; c < this.channels; c++) total += this.delta[c]!;
    this.recent.push(total / span);
  }

  /** Called once at the end of the file. */
  finish(): void {}
}

/**
 * Counts per interval (one value, or In and Out). Duplicates of a recent interval are flagged,
 * as are counts far above the entrance's recent ones.
 */
export class IntervalSeries extends Series {
  private readonly starts = new Float64Array(8).fill(NaN);
  private slot = 0;

  push(values: Float64Array, start: number, end: number, line: number): void {
    if (this.starts.includes(start)) {
      const again = this.sink.repeatedStart();
      if (Number.isNaN(again) || this.starts.includes(again)) {
        this.sink.issue(line, this.entrance, 'flagged', 'duplicate', show(values, this.channels));
        return;
      }
      end += again - start;
      start = again;
    }
    this.starts[this.slot] = start;
    this.slot = (this.slot + 1) & 7;
    for (let c = 0; c < this.channels; c++) this.delta[c] = values[c]!;
    const reason = this.judge(1);
    if (reason !== null) {
      this.sink.issue(line, this.entrance, 'flagged', reason, show(values, this.channels));
      return;
    }
    this.remember(1);
    this.emit(start, end, line);
  }

  /**
   * A counter read at the start and at the end of the interval (LibInsight): the difference is the
   * traffic, bridging a wrap between the two readings.
   */
  pushStartEnd(first: number, last: number, start: number, end: number, line: number, scratch: Float64Array): void {
    let d = last - first;
    if (d < 0) {
      const wrap = rolloverFor(first, last, this.cfg.rollover);
      if (wrap === 0) {
        this.sink.issue(line, this.entrance, 'flagged', 'reset', `${first} to ${last}`);
        return;
      }
      d = wrap - first + last;
      this.sink.bridged();
    }
    scratch[0] = d;
    this.push(scratch, start, end, line);
  }
}

/**
 * Running counter readings. A reading stands for the counter at the end of its interval, so the first
 * one is only a baseline and each later one yields the traffic since the previous reading: one row from
 * the previous interval's end, spanning any missing intervals. A reading that cannot be traffic (a jump,
 * a drop not explained by the counter wrapping) is held until the next one shows whether it was a single
 * bad reading (then the row spans it) or a new base (then counting resumes from it); either way it is
 * flagged and never counted.
 */
export class CumulativeSeries extends Series {
  private readonly base: Float64Array;
  private hasBase = false;
  private baseStart = 0;
  private baseEnd = 0;
  private readonly held: Float64Array;
  private hasHeld = false;
  private heldStart = 0;
  private heldEnd = 0;
  private heldLine = 0;
  private heldReason = '';
  private wraps = 0;

  constructor(entrance: string, channels: number, measure: Measure, sink: SeriesSink, cfg: SeriesConfig) {
    super(entrance, channels, measure, sink, cfg);
    this.base = new Float64Array(channels);
    this.held = new Float64Array(channels);
  }

  push(values: Float64Array, start: number, end: number, line: number): void {
    if (!this.hasBase) {
      this.copy(values, this.base);
      this.hasBase = true;
      this.baseStart = start;
      this.baseEnd = end;
      return;
    }
    if (start === this.baseStart || (this.hasHeld && start === this.heldStart)) {
      const again = this.sink.repeatedStart();
      if (Number.isNaN(again) || again <= (this.hasHeld ? this.heldStart : this.baseStart)) {
        this.sink.issue(line, this.entrance, 'flagged', 'duplicate', show(values, this.channels));
        return;
      }
      end += again - start;
      start = again;
    }
    if (end <= (this.hasHeld ? this.heldEnd : this.baseEnd)) {
      this.sink.issue(line, this.entrance, 'flagged', 'out_of_order', show(values, this.channels));
      return;
    }
    if (this.hasHeld) {
      const span = this.span(start, end);
      if (this.difference(this.base, values, span) === null) {
        this.release();
        this.accept(values, start, end, line, span);
        return;
      }
      this.release();
      this.copy(this.held, this.base);
      this.baseStart = this.heldStart;
      this.baseEnd = this.heldEnd;
    }
    const span = this.span(start, end);
    const reason = this.difference(this.base, values, span);
    if (reason === null) {
      this.accept(values, start, end, line, span);
      return;
    }
    this.copy(values, this.held);
    this.hasHeld = true;
    this.heldStart = start;
    this.heldEnd = end;
    this.heldLine = line;
    this.heldReason = reason;
  }

  private copy(from: Float64Array, to: Float64Array): void {
    for (let c = 0; c < this.channels; c++) to[c] = from[c]!;
  }

  /** Intervals from the base reading's end to this reading's end. */
  private span(start: number, end: number): number {
    return Math.max(1, Math.round((end - this.baseEnd) / (end - start)));
  }

  /** Fills `this.delta` with the traffic from `from` to `to`; the reason it is not traffic, or null. */
  private difference(from: Float64Array, to: Float64Array, span: number): string | null {
    this.wraps = 0;
    for (let c = 0; c < this.channels; c++) {
      let d = to[c]! - from[c]!;
      if (d < 0) {
        const wrap = rolloverFor(from[c]!, to[c]!, this.cfg.rollover);
        if (wrap === 0) return 'reset';
        d = wrap - from[c]! + to[c]!;
        this.wraps++;
      }
      this.delta[c] = d;
    }
    return this.judge(span);
  }

  private accept(values: Float64Array, start: number, end: number, line: number, span: number): void {
    for (let i = 0; i < this.wraps; i++) this.sink.bridged();
    this.remember(span);
    this.emit(this.baseEnd, end, line);
    this.copy(values, this.base);
    this.baseStart = start;
    this.baseEnd = end;
  }

  private release(): void {
    this.sink.issue(this.heldLine, this.entrance, 'flagged', this.heldReason, show(this.held, this.channels));
    this.hasHeld = false;
  }

  override finish(): void {
    if (this.hasHeld) this.release();
  }
}
