import { TEXT_SPECS, type LabelKey, type PhraseKey, type PlaceholderOf, type RoleOf, type TextKey } from './catalogue.js';
import type { RecommendationConfig } from './config.js';
import { formatCount, formatMetric, formatShare } from './format.js';
import { fill } from './template.js';
import { BUDGETS, type Budget, type EvidenceFigure, type EvidenceMetric, type Priority, type Recommendation, type RecommendationOption, type SiteEvidence, type ZoneEvidence } from './types.js';

/** What every rule shares: look-ups into the evidence, the configured words, and the judged-zone test. */

/** A zone with enough data to be judged: it has a `use`, with enough coverage. */
export type JudgedZone = ZoneEvidence & { use: NonNullable<ZoneEvidence['use']> };

export interface RuleContext {
  evidence: SiteEvidence;
  config: RecommendationConfig;
  zone(key: string): ZoneEvidence | undefined;
  /** The zone's name, or its key when the evidence does not hold it. */
  zoneName(key: string): string;
  floorName(floor: string): string;
  /** Names joined for a sentence ("A, B and C"); the configured "none" for an empty list. */
  names(keys: readonly string[]): string;
  phrase(key: PhraseKey): string;
  label(key: LabelKey): string;
  /** Zones with data for at least the configured share of open time; all others are never judged. */
  judged(zone: ZoneEvidence | undefined): zone is JudgedZone;
  metric(label: LabelKey, zone: string | null, value: number, unit: EvidenceMetric['unit']): EvidenceMetric;
}

export function ruleContext(evidence: SiteEvidence, config: RecommendationConfig): RuleContext {
  const zones = new Map(evidence.zones.map((z) => [z.zone, z]));
  const floors = new Map(evidence.floors.map((f) => [f.floor, f.name]));
  const common = commonValues(evidence, config);
  const ctx: RuleContext = {
    evidence,
    config,
    zone: (key) => zones.get(key),
    zoneName: (key) => zones.get(key)?.name ?? key,
    floorName: (floor) => floors.get(floor) ?? floor,
    names: (keys) => joinNames(keys.map((k) => ctx.zoneName(k)), config.phrases.and, config.phrases.none),
    phrase: (key) => config.phrases[key],
    label: (key) => fill(config.labels[key], common),
    judged: (zone): zone is JudgedZone => !!zone && zone.use !== null && zone.use.coverage >= config.thresholds.minCoverage,
    metric: (label, zone, value, unit) => ({ label: ctx.label(label), zone, value, unit, display: formatMetric(value, unit) }),
  };
  return ctx;
}

/** "A", "A and B", "A, B and C"; `none` for no names. */
export function joinNames(names: readonly string[], and: string, none: string): string {
  if (names.length === 0) return none;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

function commonValues(evidence: SiteEvidence, config: RecommendationConfig): Record<string, string> {
  return {
    site: evidence.site.name,
    crowdingLevel: formatShare(config.thresholds.crowdingLevel),
    from: evidence.window.first,
    to: evidence.window.last,
    openDays: formatCount(evidence.window.openDays),
  };
}

export function distance(a: readonly [number, number], b: readonly [number, number]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Candidates ordered by nearness to `from`: the same floor first, then by distance between centroids, then by key. */
export function byNearness<T extends ZoneEvidence>(from: ZoneEvidence, candidates: readonly T[]): T[] {
  const key = (z: T) => [z.floor === from.floor ? 0 : 1, distance(from.centroid, z.centroid)] as const;
  return [...candidates].sort((a, b) => {
    const [fa, da] = key(a);
    const [fb, db] = key(b);
    return fa - fb || da - db || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0);
  });
}

/** What a rule found, before the configured words are put to it. */
export interface Finding<K extends TextKey> {
  text: K;
  /** The finding's subject: a zone, floor, entrance or site key; the id is `rule:subject`. */
  subject: string;
  floor: string | null;
  zones: string[];
  /** How far past its threshold the evidence is (1 = at the threshold); sets the score and may raise the priority. */
  severity: number;
  values: Record<PlaceholderOf<K>, string>;
  roles: Record<RoleOf<K>, string[]>;
  metrics: EvidenceMetric[];
  figure: EvidenceFigure | null;
}

const LEVELS: Priority[] = ['low', 'medium', 'high'];

/**
 * Score: 100 per priority level (low 1, medium 2, high 3) plus 10 × severity,
 * severity capped at 9.9 so a strong medium never outranks a high; rounded to
 * 0.1. The configured priority is raised one level when severity reaches
 * `scoring.escalateAt`.
 */
export function scoreOf(configured: Priority, severity: number, escalateAt: number): { priority: Priority; score: number } {
  let level = LEVELS.indexOf(configured);
  if (severity >= escalateAt) level = Math.min(level + 1, LEVELS.length - 1);
  const score = Math.round(((level + 1) * 100 + 10 * Math.min(Math.max(severity, 0), 9.9)) * 10) / 10;
  return { priority: LEVELS[level]!, score };
}

/** Puts the configured texts to a finding: fills every template and resolves each check's zone role. */
export function recommendation<K extends TextKey>(ctx: RuleContext, finding: Finding<K>): Recommendation {
  const text = ctx.config.texts[finding.text];
  const rule = TEXT_SPECS[finding.text].rule;
  const values: Record<string, string> = { ...commonValues(ctx.evidence, ctx.config), ...finding.values };
  const roles: Record<string, string[]> = finding.roles;
  const options = Object.fromEntries(
    BUDGETS.map((budget): [Budget, RecommendationOption] => {
      const o = text.options[budget];
      const zones = roles[o.check.zones];
      if (!zones) throw new Error(`the text "${finding.text}" checks the unknown zone role "${o.check.zones}"`);
      return [
        budget,
        {
          action: fill(o.action, values),
          expectedEffect: fill(o.expectedEffect, values),
          check: { metric: fill(o.check.metric, values), zones: [...zones], direction: o.check.direction, by: fill(o.check.by, values), afterWeeks: o.check.afterWeeks },
        },
      ];
    }),
  ) as Record<Budget, RecommendationOption>;
  const { priority, score } = scoreOf(text.priority, finding.severity, ctx.config.scoring.escalateAt);
  return {
    id: `${rule}:${finding.subject}`,
    rule,
    priority,
    score,
    title: fill(text.title, values),
    finding: fill(text.finding, values),
    floor: finding.floor,
    zones: finding.zones,
    evidence: { metrics: finding.metrics, figure: finding.figure },
    options,
  };
}
