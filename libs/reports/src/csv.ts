import { stringify } from 'csv-stringify/sync';
import type { Recommendation } from '@hearth/recommendations';
import { BUDGET_LABEL, BUDGET_ORDER } from './format.js';

/** A value as handed to a CSV writer. */
export type CsvValue = string | number | boolean | null | undefined;

/** How the CSV writers encode their text. */
export interface CsvOptions {
  /**
   * Start with a UTF-8 byte order mark (default true): without it, Excel on
   * Windows opens the file as a legacy code page and "é" turns into "Ã©".
   */
  bom?: boolean;
}

/**
 * Text a spreadsheet would read as a formula (or that hides what follows):
 * starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed;
 * their full-width forms (`＝＋－＠`), which some spreadsheets read the same
 * way; and any of these after leading spaces, which an import may trim.
 */
const FORMULA_START = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/**
 * Makes a value safe to open in a spreadsheet. Text that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be run as a formula (a zone name
 * or finding text could carry one), so it gets a leading apostrophe, which
 * spreadsheets show as plain text. Numbers stay numbers, negative ones
 * included: they are values, not text. Missing values and non-finite numbers
 * become an empty cell.
 */
export function csvSafe(value: CsvValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * CSV text with a header row: comma-separated, CRLF line ends (what
 * spreadsheets expect), fields quoted when they hold a comma, a quote, a line
 * break, a semicolon or a tab (a spreadsheet set to another separator must not
 * split a field and read its second half as a formula), every cell passed
 * through `csvSafe`.
 */
export function toCsv(header: string[], rows: CsvValue[][], options: CsvOptions = {}): string {
  return stringify(
    rows.map((row) => row.map(csvSafe)),
    {
      header: true,
      columns: header.map(String),
      record_delimiter: 'windows',
      // Line breaks inside a field must be quoted too, not only the CRLF that ends a record; semicolons
      // and tabs too, the separators of spreadsheets in other locales.
      quoted_match: /[\r\n;\t]/,
      bom: options.bom ?? true,
    },
  );
}

/** Rounds to `decimals` places, leaving null as null: keeps 0.30000000000000004 out of spreadsheets. */
function round(value: number | null, decimals: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The recommendations for a spreadsheet: one row per recommendation and budget
 * level (No budget, Low budget, High budget), with the check that tells whether
 * the option worked and the evidence as "label: value; ...". Zones are keys.
 */
export function recommendationsCsv(recs: readonly Recommendation[], options?: CsvOptions): string {
  const header = [
    'id',
    'rule',
    'priority',
    'title',
    'finding',
    'zones',
    'budget',
    'action',
    'expected effect',
    'check metric',
    'check zones',
    'check direction',
    'check by',
    'check after weeks',
    'evidence',
  ];
  const rows = recs.flatMap((rec) => {
    const evidence = rec.evidence.metrics.map((m) => `${m.label}: ${m.display}`).join('; ');
    return BUDGET_ORDER.map((budget) => {
      const option = rec.options[budget];
      return [
        rec.id,
        rec.rule,
        rec.priority,
        rec.title,
        rec.finding,
        rec.zones.join('; '),
        BUDGET_LABEL[budget],
        option.action,
        option.expectedEffect,
        option.check.metric,
        option.check.zones.join('; '),
        option.check.direction,
        option.check.by,
        option.check.afterWeeks,
        evidence,
      ];
    });
  });
  return toCsv(header, rows, options);
}

/** One zone on one service day, as exported for planners' own analysis. */
export interface ZoneDayRow {
  /** Service date, site time: "2026-03-14". */
  date: string;
  floor: string;
  /** Zone key. */
  zone: string;
  zoneName: string;
  /** Hours the library was open that day. */
  openHours: number;
  /** Mean people in the zone over the open hours; null without data. */
  meanOccupancy: number | null;
  /** Most people in the zone at once; null without data. */
  peak: number | null;
  /** Mean occupancy as a share of capacity (0..1); null without data. */
  utilisation: number | null;
  /** Open hours above 85 % of capacity; null without data. */
  hoursAbove: number | null;
  /** People entering the zone; null where nothing counts arrivals. */
  arrivals: number | null;
}

/** Zone-day figures, one row per zone and day; missing figures are empty cells. */
export function zoneDaysCsv(rows: readonly ZoneDayRow[], options?: CsvOptions): string {
  const header = [
    'date',
    'floor',
    'zone',
    'zone name',
    'open hours',
    'mean occupancy (people)',
    'peak (people)',
    'utilisation (share of capacity)',
    'hours above 85 %',
    'arrivals',
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.date,
      r.floor,
      r.zone,
      r.zoneName,
      round(r.openHours, 2),
      round(r.meanOccupancy, 2),
      round(r.peak, 2),
      round(r.utilisation, 4),
      round(r.hoursAbove, 2),
      round(r.arrivals, 1),
    ]),
    options,
  );
}

/** Where a visit count comes from, as a statistics return asks. */
type CountedBy = 'entrance counters' | 'imported gate counts' | 'entrance counters and imported gate counts';
export type VisitSource = CountedBy | `${CountedBy}, gaps estimated` | 'imported monthly gate counts' | 'zone sensors (estimate)' | 'manual count';

/** A month ("2026-03") or a year ("2026"). */
export type StatisticsPeriod = `${number}-${number}` | `${number}`;

/** Visits to one branch over one month or year, for the annual library statistics return. */
export interface StatisticsReturnRow {
  /** Site key. */
  site: string;
  siteName: string;
  period: StatisticsPeriod;
  visits: number;
  /** Days the branch was open in the period. */
  openDays: number;
  source: VisitSource;
}

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/**
 * Visits per branch per month and per year, the figures annual library
 * statistics returns ask for. Visits are whole numbers. Throws on a period
 * that is neither "YYYY-MM" nor "YYYY", so a wrong figure never reaches a return.
 */
export function statisticsReturnsCsv(rows: readonly StatisticsReturnRow[], options?: CsvOptions): string {
  const header = ['site', 'site name', 'period', 'period type', 'visits', 'open days', 'source'];
  return toCsv(
    header,
    rows.map((r) => {
      const match = PERIOD.exec(r.period);
      if (!match) throw new RangeError(`Statistics period "${r.period}" is neither a month (YYYY-MM) nor a year (YYYY)`);
      return [r.site, r.siteName, r.period, match[2] ? 'month' : 'year', Math.round(r.visits), r.openDays, r.source];
    }),
    options,
  );
}
