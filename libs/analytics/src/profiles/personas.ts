import { ZONE_CATEGORIES, type SiteFile, type ZoneCategory } from '@hearth/contracts';
import type { DeskSession } from '../sessions/desk-sessions.js';
import { detectGroupSessions, type GroupDetectionOptions } from './group-sessions.js';
import type { ProfileLayout } from './layout.js';
import { describePersona, distinctPersonaNames, type PersonaTraits } from './persona-naming.js';
import { DEFAULT_FEATURE_WEIGHTS, featureMatrix, sessionFacts, type FeatureWeights, type SessionFacts } from './session-features.js';
import { clusterBySilhouette } from './silhouette.js';
import { formatClock, quartiles, slug, type Quartiles } from './stats.js';

/**
 * Personas: the typical ways desks are used, found by clustering desk
 * sessions (not people) on when they start, how long they last, weekday or
 * weekend, alone or in a group, and the kind of zone. Each persona is an
 * aggregate of many sessions; clusters smaller than `minSessions` are folded
 * into an "other" bucket, because a small cluster (the one person who sits in
 * the makerspace every Sunday evening) could point to somebody.
 */

export interface PersonaOptions {
  layout: ProfileLayout;
  /** Personas with fewer sessions than this go to "other" (default 10). */
  minSessions?: number;
  /** Range of persona counts tried (default 2..8). */
  kMin?: number;
  kMax?: number;
  /** Sessions the silhouette is measured on (default 2,000). */
  sampleSize?: number;
  /** k-means++ starts per k (default 4). */
  restarts?: number;
  seed?: number;
  group?: GroupDetectionOptions;
  weights?: Partial<FeatureWeights>;
}

export interface Persona {
  /** A stable key from the name ("long-solo-study-sessions-in-quiet-zones-weekday-mornings"). */
  id: string;
  name: string;
  description: string;
  count: number;
  /** Share of all sessions (the "other" bucket included). */
  share: number;
  /** Local clock hours on the service day (after midnight reads 24+). */
  startHours: Quartiles;
  /** The same as "HH:MM". */
  startClock: { q1: string; median: string; q3: string };
  durationMinutes: Quartiles;
  /** Up to three zones holding most of the persona's sessions (each with at least minSessions of them). */
  zones: { zone: string; name: string; category: ZoneCategory; share: number }[];
  /** Zone categories by share of the persona's sessions (each with at least minSessions of them). */
  categories: { category: ZoneCategory; share: number }[];
  groupShare: number;
  weekendShare: number;
}

export interface PersonaProfile {
  sessions: number;
  personas: Persona[];
  /** Sessions in personas too small to show. */
  other: { count: number; share: number };
  /** Clusters found (before suppression) and their mean silhouette. */
  k: number;
  silhouette: number;
  /** The silhouette of each k tried. */
  scores: { k: number; silhouette: number }[];
  /** For each input session, in input order: its persona's index in `personas`, or -1 for "other". */
  assignment: Int32Array;
}

function compareSessions(a: DeskSession, b: DeskSession): number {
  return a.start - b.start || a.end - b.end || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0) || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0);
}

interface Cluster {
  members: number[];
}

function summarise(cluster: Cluster, facts: SessionFacts, sorted: readonly DeskSession[], layout: ProfileLayout, total: number, minSessions: number) {
  const m = cluster.members;
  const count = m.length;
  const startHours = quartiles(m.map((i) => facts.startHours[i]!));
  const durationMinutes = quartiles(m.map((i) => facts.durationMinutes[i]!));
  let group = 0;
  let weekend = 0;
  const byZone = new Map<string, number>();
  const byCategory = new Map<number, number>();
  for (const i of m) {
    group += facts.group[i]!;
    weekend += facts.weekend[i]!;
    byZone.set(sorted[i]!.zone, (byZone.get(sorted[i]!.zone) ?? 0) + 1);
    byCategory.set(facts.category[i]!, (byCategory.get(facts.category[i]!) ?? 0) + 1);
  }
  const zones = [...byZone]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .filter(([, n]) => n >= minSessions)
    .slice(0, 3)
    .map(([zone, n]) => {
      const info = layout.zones.get(zone);
      return { zone, name: info?.name ?? zone, category: info?.category ?? ('other' as ZoneCategory), share: n / count };
    });
  const ranked = [...byCategory].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const share = ([c, n]: [number, number]) => ({ category: ZONE_CATEGORIES[c]!, share: n / count });
  return {
    count,
    share: count / total,
    startHours,
    durationMinutes,
    zones,
    // Naming reads the whole mix; the published mix leaves out categories with fewer than minSessions sessions.
    allCategories: ranked.map(share),
    categories: ranked.filter(([, n]) => n >= minSessions).map(share),
    groupShare: group / count,
    weekendShare: weekend / count,
  };
}

/**
 * Personas from desk sessions (any order; the result depends only on the set).
 * Sessions are sorted, flagged solo or group, turned into weighted features,
 * clustered with k chosen by silhouette, then summarised, named and ordered
 * by size.
 */
export function deskPersonas(sessions: readonly DeskSession[], site: SiteFile['site'], opts: PersonaOptions): PersonaProfile {
  const minSessions = opts.minSessions ?? 10;
  const total = sessions.length;
  const order = sessions.map((_, i) => i).sort((a, b) => compareSessions(sessions[a]!, sessions[b]!));
  const sorted = order.map((i) => sessions[i]!);
  const assignment = new Int32Array(total).fill(-1);
  const empty: PersonaProfile = { sessions: total, personas: [], other: { count: total, share: total ? 1 : 0 }, k: 0, silhouette: 0, scores: [], assignment };
  if (total < Math.max(3, minSessions)) return empty;

  const group = detectGroupSessions(sorted, opts.layout.desks, opts.group);
  const facts = sessionFacts(sorted, site, (zone) => opts.layout.zones.get(zone)?.category, group);
  const points = featureMatrix(facts, { ...DEFAULT_FEATURE_WEIGHTS, ...opts.weights });
  const fit = clusterBySilhouette(points, {
    kMin: opts.kMin ?? 2,
    kMax: opts.kMax ?? 8,
    sampleSize: opts.sampleSize,
    restarts: opts.restarts,
    seed: opts.seed,
  });

  const clusters: Cluster[] = Array.from({ length: fit.k }, () => ({ members: [] }));
  for (let i = 0; i < total; i++) clusters[fit.labels[i]!]!.members.push(i);
  const shown = clusters
    .filter((c) => c.members.length >= minSessions)
    .map((c) => ({ cluster: c, summary: summarise(c, facts, sorted, opts.layout, total, minSessions) }))
    // Largest first; equal sizes by their earliest session (the sort is stable and deterministic).
    .sort((a, b) => b.summary.count - a.summary.count || a.cluster.members[0]! - b.cluster.members[0]!);

  const traits: PersonaTraits[] = shown.map(({ summary: s }) => ({
    startHours: s.startHours,
    durationMinutes: s.durationMinutes,
    groupShare: s.groupShare,
    weekendShare: s.weekendShare,
    categories: s.allCategories,
    ...(s.zones[0] ? { topZone: { name: s.zones[0].name, share: s.zones[0].share } } : {}),
  }));
  const names = distinctPersonaNames(traits);
  const ids = new Set<string>();
  const personas: Persona[] = shown.map(({ cluster, summary: s }, p) => {
    let id = slug(names[p]!);
    while (ids.has(id)) id = `${id}-${p + 1}`;
    ids.add(id);
    for (const i of cluster.members) assignment[order[i]!] = p;
    return {
      id,
      name: names[p]!,
      description: describePersona(s),
      count: s.count,
      share: s.share,
      startHours: s.startHours,
      startClock: { q1: formatClock(s.startHours.q1), median: formatClock(s.startHours.median), q3: formatClock(s.startHours.q3) },
      durationMinutes: s.durationMinutes,
      zones: s.zones,
      categories: s.categories,
      groupShare: s.groupShare,
      weekendShare: s.weekendShare,
    };
  });
  const shownCount = personas.reduce((n, p) => n + p.count, 0);
  return {
    sessions: total,
    personas,
    other: { count: total - shownCount, share: (total - shownCount) / total },
    k: fit.k,
    silhouette: fit.silhouette,
    scores: fit.scores,
    assignment,
  };
}
