import type { ZoneCategory } from '@hearth/contracts';
import { formatClock, formatDuration, formatShare, type Quartiles } from './stats.js';

/**
 * Plain-language persona names, by rule, from a persona's centre read in
 * everyday units (median start and length, group and weekend shares, mix of
 * zone kinds): how long, alone or together, doing what, where, and when.
 * "Long solo study sessions in quiet zones, weekday mornings".
 *
 * Every persona gets a different name: when two would share one, both get
 * more detail (their main zone, then their typical start and length) until
 * they differ, and as a last resort a number.
 */

export interface PersonaTraits {
  startHours: Quartiles;
  durationMinutes: Quartiles;
  groupShare: number;
  weekendShare: number;
  /** Zone categories by share of the persona's sessions, largest first. */
  categories: readonly { category: ZoneCategory; share: number }[];
  /** The zone holding most of the persona's sessions, by name. */
  topZone?: { name: string; share: number };
}

/** Under 75 minutes is short, 2.5 hours and over is long. */
export function durationWord(medianMinutes: number): string {
  if (medianMinutes < 75) return 'Short';
  if (medianMinutes < 150) return 'Mid-length';
  return 'Long';
}

const ACTIVITY: Partial<Record<ZoneCategory, string>> = {
  quiet_study: 'study',
  group_study: 'study',
  stacks: 'reading',
  computers: 'computer',
  makerspace: 'making',
};

const PLACE: Record<ZoneCategory, string> = {
  quiet_study: 'quiet zones',
  group_study: 'group study areas',
  stacks: 'the stacks',
  computers: 'the computer area',
  children: "the children's library",
  teens: 'the teen zone',
  service_desk: 'the service desk',
  entrance: 'entrance areas',
  cafe: 'the cafe',
  events: 'event spaces',
  makerspace: 'the makerspace',
  other: 'other areas',
};

/** A zone category holding half the sessions names the place; two holding 70 % name both; otherwise "across the building". */
export function placePhrase(categories: PersonaTraits['categories']): string {
  const [a, b] = categories;
  if (a && a.share >= 0.5) return `in ${PLACE[a.category]}`;
  if (a && b && a.share + b.share >= 0.7) return `in ${PLACE[a.category]} and ${PLACE[b.category]}`;
  return 'across the building';
}

/** The part of the day of the median start; when the middle half of starts spans five hours or more, "throughout the day". */
export function dayPart(start: Quartiles): string {
  if (start.q3 - start.q1 >= 5) return 'throughout the day';
  const h = start.median;
  if (h < 12) return 'mornings';
  if (h < 14) return 'around midday';
  if (h < 17) return 'afternoons';
  return 'evenings';
}

/** Half or more at weekends reads "weekend", a fifth or less "weekday", otherwise no qualifier: "weekday mornings", "weekends around midday". */
export function whenPhrase(traits: Pick<PersonaTraits, 'startHours' | 'weekendShare'>): string {
  const part = dayPart(traits.startHours);
  const days = traits.weekendShare >= 0.5 ? 'weekend' : traits.weekendShare <= 0.2 ? 'weekday' : '';
  if (!days) return part;
  return part.endsWith('s') ? `${days} ${part}` : `${days}s ${part}`;
}

export function personaBaseName(traits: PersonaTraits): string {
  const social = traits.groupShare >= 0.5 ? 'group' : 'solo';
  const top = traits.categories[0];
  const activity = top && top.share >= 0.5 ? ACTIVITY[top.category] : undefined;
  const what = activity ? `${social} ${activity} sessions` : `${social} visits`;
  return `${durationWord(traits.durationMinutes.median)} ${what} ${placePhrase(traits.categories)}, ${whenPhrase(traits)}`;
}

function nameAtLevel(traits: PersonaTraits, level: number, index: number): string {
  const base = personaBaseName(traits);
  const zone = traits.topZone ? `, mostly ${traits.topZone.name}` : '';
  const detail = `, from about ${formatClock(traits.startHours.median)} for ${formatDuration(traits.durationMinutes.median)}`;
  if (level === 0) return base;
  if (level === 1) return `${base}${zone}`;
  if (level === 2) return `${base}${zone}${detail}`;
  return `${base}${zone}${detail} (${index + 1})`;
}

/** Names for a set of personas, all different. */
export function distinctPersonaNames(all: readonly PersonaTraits[]): string[] {
  const levels = all.map(() => 0);
  for (;;) {
    const names = all.map((t, i) => nameAtLevel(t, levels[i]!, i));
    const seen = new Map<string, number[]>();
    names.forEach((name, i) => seen.set(name, [...(seen.get(name) ?? []), i]));
    const clashes = [...seen.values()].filter((ids) => ids.length > 1);
    if (!clashes.length) return names;
    for (const ids of clashes) for (const i of ids) levels[i] = Math.min(3, levels[i]! + 1);
  }
}

/** A one-paragraph description of a persona for planners. */
export function describePersona(p: {
  count: number;
  share: number;
  startHours: Quartiles;
  durationMinutes: Quartiles;
  zones: readonly { name: string; share: number }[];
  groupShare: number;
  weekendShare: number;
}): string {
  const pct = formatShare;
  const zones = p.zones.length ? ` Mostly in ${p.zones.map((z) => `${z.name} (${pct(z.share)})`).join(', ')}.` : '';
  return (
    `${p.count} desk sessions (${pct(p.share)} of all).` +
    ` They typically start around ${formatClock(p.startHours.median)} (half between ${formatClock(p.startHours.q1)} and ${formatClock(p.startHours.q3)})` +
    ` and last about ${formatDuration(p.durationMinutes.median)} (half between ${formatDuration(p.durationMinutes.q1)} and ${formatDuration(p.durationMinutes.q3)}).` +
    zones +
    ` ${pct(p.groupShare)} are part of a group; ${pct(p.weekendShare)} are at weekends.`
  );
}
