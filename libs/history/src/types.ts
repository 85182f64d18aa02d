/**
 * Shapes of Hearth's historical gate-count import: the options a librarian (or the API around this
 * library) gives, the rows it produces and the report it hands back. The import itself is pure:
 * it never touches the database; whoever calls it stores the rows.
 */

/** What one count column counts. `passes` is a bidirectional gate that counts everyone twice. */
export type Measure = 'entries' | 'exits' | 'passes';
/** How long one row's interval is meant to be (hour rows may be 15, 30 or 60 minutes long). */
export type Granularity = 'hour' | 'day' | 'month';
/** Order of the day and month in numeric dates such as 01/02/2021. */
export type DateOrder = 'dmy' | 'mdy';
/** Known export layouts with their own column names and meaning. */
export type Preset = 'generic' | 'libinsight' | 'suma';

/** How a file is laid out. */
export type Shape = 'wide' | 'long' | 'libinsight' | 'suma';
/**
 * How the numbers are meant: counts per interval, running counter readings, a counter reading at the
 * start and the end of each period (LibInsight) or individual tallies summed per hour (Suma).
 */
export type Readings = 'interval' | 'cumulative' | 'start_end' | 'tally';

/** Header names (case-insensitive) that tell the import what each column means. */
export interface ColumnNames {
  date?: string;
  time?: string;
  entrance?: string;
  count?: string;
  in?: string;
  out?: string;
  /**
   * Header (wide files) or entrance name (long files) -> Hearth sensor key. When given it is also the
   * list of what to import: other count columns and other entrances are left out and reported.
   */
  entrances?: Record<string, string>;
}

export interface GateCountOptions {
  /** IANA zone of the library; times in the file are local unless they carry an offset. */
  timeZone: string;
  /** `auto` (default): running counters when nearly every change per entrance is an increase. */
  readings?: 'interval' | 'cumulative' | 'auto';
  /** `auto` (default): from the spacing of the timestamps; sub-daily spacing gives `hour` rows of that length. */
  granularity?: Granularity | 'auto';
  /** What a single count column counts (default `entries`). Ignored where the file has In and Out columns. */
  measure?: Measure;
  /** Per entrance (name or sensor key): overrides `measure`, e.g. a LibInsight library set to bidirectional. */
  entranceMeasures?: Record<string, Measure>;
  /** Entrance name for files with a single count column and no entrance column. */
  entrance?: string;
  columns?: ColumnNames;
  /** Needed for numeric dates such as 01/02/2021 unless some day above 12 shows the order. */
  dateOrder?: DateOrder;
  /** The value at which the counter wraps to 0 (1000000 for a six-digit counter). Detected when absent. */
  rollover?: number;
  /** A change above jumpFactor x the median of recent changes (after 7 of them) is not traffic. Default 10. */
  jumpFactor?: number;
  /** Hard cap on one interval's count; larger changes are flagged. */
  maxPerInterval?: number;
  /** Force a known export layout; detected from the header otherwise. */
  preset?: Preset;
  /** Rows handed out per chunk by the reader (default 5000). */
  chunkSize?: number;
  /** Issues kept in the report (default 1000); the rest are only counted. */
  maxIssues?: number;
}

/** One imported interval of one entrance. Times are UTC epoch milliseconds. */
export interface GateCountRow {
  /** Hearth sensor key of the entrance. */
  entrance: string;
  start: number;
  /** A row that spans missing intervals (a counter read after a gap) ends more than one interval after it starts. */
  end: number;
  in: number;
  out: number;
  /** 1-based line of the file the row comes from. */
  line: number;
  granularity: Granularity;
}

/** A line (or one entrance's value on it) that was not imported as traffic. */
export interface ImportIssue {
  line: number;
  entrance?: string;
  /** `skipped`: unreadable; `flagged`: readable but not traffic (jumps, resets, duplicates...). */
  kind: 'flagged' | 'skipped';
  reason: string;
  /** The cell or line as written, for the librarian to recognise it. */
  text?: string;
}

/** What the import found out about the file. */
export interface ImportFormat {
  shape: Shape;
  preset: Preset;
  header: boolean;
  delimiter?: string;
  columns: { date: string; time?: string; entrance?: string; counts: string[] };
  readings: Readings;
  readingsDetected: boolean;
  granularity: Granularity;
  /** Length of one row's interval in minutes (1440 for days; months vary and give 0). */
  intervalMinutes: number;
  granularityDetected: boolean;
  measure: Measure;
  /** Sensor keys in the order first seen. */
  entrances: string[];
  dateOrder?: DateOrder;
  dateOrderDetected?: boolean;
  rollover?: number;
  timeZone: string;
  ignoredColumns: string[];
  notes: string[];
}

export interface EntranceTotal {
  in: number;
  out: number;
  rows: number;
  firstLine: number;
  lastLine: number;
}

export interface ImportReport {
  format: ImportFormat;
  /** read: data lines after the header; imported: rows produced; flagged/skipped: issues of each kind. */
  rows: { read: number; imported: number; flagged: number; skipped: number };
  byReason: Record<string, number>;
  issues: ImportIssue[];
  /** Issues beyond the kept ones, counted only. */
  issuesOmitted: number;
  rolloversBridged: number;
  /** ISO-8601 UTC of the first row's start and the last row's end. */
  from?: string;
  to?: string;
  totals: Record<string, EntranceTotal>;
}
