import { IANAZone } from 'luxon';
import { ZONE_CATEGORIES, type SiteFile, type ZoneCategory } from '@hearth/contracts';
import { serviceDateOf, serviceDay, type ServiceDay } from '../calendar/site-calendar.js';
import type { DeskSession } from '../sessions/desk-sessions.js';
import type { Points } from './kmeans.js';

/**
 * What a desk session says about how the library is used, and how those
 * facts become points for clustering. Facts per session: when it started on
 * the local clock of its service day, how long it lasted, weekday or weekend,
 * solo or group, and the kind of zone. Nothing about who sat there.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface SessionFacts {
  n: number;
  /** Local clock hours after midnight of the service date (past midnight reads 24+). */
  startHours: Float64Array;
  durationMinutes: Float64Array;
  /** 1 on Saturdays and Sundays. */
  weekend: Uint8Array;
  /** 1 when part of a group (see detectGroupSessions). */
  group: Uint8Array;
  /** Index into ZONE_CATEGORIES. */
  category: Uint8Array;
}

/**
 * Local clock hours on the service day, and whether that day is a weekend
 * day. Instants are best given in time order so each service day is looked up
 * once; within a day the UTC offset is fixed unless a clock change falls
 * inside it, when the offset is read per instant.
 */
export function startsOnServiceDay(site: SiteFile['site'], starts: readonly number[]): { hours: Float64Array; weekend: Uint8Array } {
  const zone = IANAZone.create(site.timeZone);
  const out = new Float64Array(starts.length);
  const weekend = new Uint8Array(starts.length);
  let day: ServiceDay | undefined;
  let midnight = 0;
  let fixedOffset: number | null = null;
  for (let i = 0; i < starts.length; i++) {
    const t = starts[i]!;
    if (!day || t < day.start || t >= day.end) {
      day = serviceDay(site, serviceDateOf(site, t));
      midnight = Date.parse(`${day.date}T00:00:00Z`);
      const a = zone.offset(day.start);
      fixedOffset = a === zone.offset(day.end - 1) ? a : null;
    }
    const offset = fixedOffset ?? zone.offset(t);
    out[i] = (t + offset * MINUTE - midnight) / HOUR;
    weekend[i] = day.dayType === 'weekday' ? 0 : 1;
  }
  return { hours: out, weekend };
}

const categoryIndex = new Map<string, number>(ZONE_CATEGORIES.map((c, i) => [c, i]));
const OTHER = categoryIndex.get('other')!;

/** Facts of sessions already sorted by start; `group` comes from detectGroupSessions on the same array. */
export function sessionFacts(
  sessions: readonly DeskSession[],
  site: SiteFile['site'],
  zoneCategory: (zone: string) => ZoneCategory | undefined,
  group: Uint8Array,
): SessionFacts {
  const n = sessions.length;
  const { hours: startHours, weekend } = startsOnServiceDay(
    site,
    sessions.map((s) => s.start),
  );
  const durationMinutes = new Float64Array(n);
  const category = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = sessions[i]!;
    durationMinutes[i] = (s.end - s.start) / MINUTE;
    const c = zoneCategory(s.zone);
    category[i] = c === undefined ? OTHER : categoryIndex.get(c)!;
  }
  return { n, startHours, durationMinutes, weekend, group, category };
}

/**
 * How much each feature counts in the distance between two sessions. Start
 * time and log duration are standardised (one standard deviation = 1) and
 * then weighted; the flags and the zone category are 0/1 columns times their
 * weight, so two sessions differing only there are `weight` apart (a category
 * differs in two columns: `zone * sqrt 2` apart).
 */
export interface FeatureWeights {
  start: number;
  duration: number;
  weekend: number;
  group: number;
  zone: number;
}

/**
 * The defaults make the kind of zone (2.5: two categories are 3.5 apart) and
 * coming as a group (3) the strongest signals, because they are what a
 * planner acts on (seats of one kind or another, rooms for groups); start
 * time and length of stay (1 each, in standard deviations) shape personas
 * within them; weekday or weekend (0.5) is a nudge that seldom splits one.
 * On the demo library these weights recover the simulated visit kinds (see
 * riverside-personas.spec.ts); much lower zone or group weights merge group
 * work into quiet study or after-school visits into group work.
 */
export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { start: 1, duration: 1, weekend: 0.5, group: 3, zone: 2.5 };

function meanAndSd(values: Float64Array): [number, number] {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length || 1;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i]! - mean) ** 2;
  const sd = Math.sqrt(v / (values.length || 1));
  return [mean, sd > 1e-9 ? sd : 1];
}

export interface FeatureMatrix extends Points {
  /** The zone categories that have a column, in column order (after the four numeric columns). */
  categories: ZoneCategory[];
}

/** Points for clustering: [start, log duration, weekend, group, one column per zone category present]. */
export function featureMatrix(facts: SessionFacts, weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS): FeatureMatrix {
  const { n } = facts;
  const present = [...new Set(facts.category)].sort((a, b) => a - b);
  const column = new Map(present.map((c, i) => [c, 4 + i]));
  const d = 4 + present.length;
  const logDuration = facts.durationMinutes.map((m) => Math.log(Math.max(1, m)));
  const [startMean, startSd] = meanAndSd(facts.startHours);
  const [durMean, durSd] = meanAndSd(logDuration);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    data[row] = ((facts.startHours[i]! - startMean) / startSd) * weights.start;
    data[row + 1] = ((logDuration[i]! - durMean) / durSd) * weights.duration;
    data[row + 2] = facts.weekend[i]! * weights.weekend;
    data[row + 3] = facts.group[i]! * weights.group;
    data[row + column.get(facts.category[i]!)!] = weights.zone;
  }
  return { data, n, d, categories: present.map((c) => ZONE_CATEGORIES[c]!) };
}
