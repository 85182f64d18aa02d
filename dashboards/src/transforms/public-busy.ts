/**
 * The public page's wording: GET /api/v1/public/sites/<site>/busy turned into
 * the sentences patrons read. The server never sends a count below its
 * threshold; these only phrase what it sent ("few" stays "a few").
 */

export const LEVELS = ['quiet', 'some space', 'busy', 'very busy'] as const;
export type Level = (typeof LEVELS)[number];

export interface BusyFigure {
  level: Level | null;
  people: number | 'few' | null;
  atLeast?: true;
}

export interface BusyZone extends BusyFigure {
  key: string;
  name: string;
  typical: BusyFigure;
}

export interface BusyFloor extends BusyZone {
  zones: BusyZone[];
}

export interface PublicBusy {
  site: string;
  name: string;
  open: boolean;
  asOf: string;
  minCount: number;
  floors: BusyFloor[];
}

/** 1 (quiet) to 4 (very busy); 0 without a level. */
export const levelRank = (level: Level | null): number => (level ? LEVELS.indexOf(level) + 1 : 0);

/** "Some space", "Busy"… or "No data". */
export const levelLabel = (level: Level | null): string => (level ? level[0]!.toUpperCase() + level.slice(1) : 'No data');

/** "a few people", "about 12 people", "at least 31 people", or null when nothing is known. */
export function peopleText(f: Pick<BusyFigure, 'people' | 'atLeast'>): string | null {
  if (f.people === null) return null;
  if (f.people === 'few') return 'a few people';
  const n = f.people.toLocaleString('en-GB');
  return f.atLeast ? `at least ${n} people` : `about ${n} people`;
}

/** "Usually busy at this time, about 20 people.": the typical figure at this weekday and hour. */
export function typicalText(t: BusyFigure): string {
  if (t.level === null && t.people === null) return 'No usual figure for this time yet.';
  const people = peopleText(t);
  return `Usually ${t.level ?? 'unknown'} at this time${people ? `, ${people}` : ''}.`;
}

/** "Busier than usual" or "Quieter than usual" when the levels differ; null when they match or one is unknown. */
export function comparedWithUsual(now: Level | null, usual: Level | null): string | null {
  if (!now || !usual) return null;
  const d = levelRank(now) - levelRank(usual);
  return d > 0 ? 'Busier than usual' : d < 0 ? 'Quieter than usual' : null;
}

/** Areas with nothing to say now or usually (no sensors, e.g. an entrance) are left off the page. */
export const hasFigures = (z: BusyZone): boolean => z.level !== null || z.people !== null || z.typical.level !== null || z.typical.people !== null;

/** The site key of /public/<site>, or null on any other path. */
export function siteFromPath(pathname: string): string | null {
  const m = /^\/public\/([a-z0-9][a-z0-9_-]{0,62})\/?$/.exec(pathname);
  return m ? m[1]! : null;
}
