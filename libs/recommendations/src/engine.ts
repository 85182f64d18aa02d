import type { RecommendationConfig } from './config.js';
import {
  behaviourRule,
  comfortRule,
  crowdingRule,
  demandRule,
  entranceRule,
  layoutChangeRule,
  powerAisleRule,
  seatingMixRule,
  serviceDeskRule,
} from './rules/index.js';
import type { Recommendation, SiteEvidence } from './types.js';

/** A rule family: pure, reads only the evidence and the configuration. */
export type RuleFunction = (evidence: SiteEvidence, config: RecommendationConfig) => Recommendation[];

/** Every rule family, in the order they are documented. */
export const RULES: readonly RuleFunction[] = [
  crowdingRule,
  behaviourRule,
  serviceDeskRule,
  entranceRule,
  powerAisleRule,
  demandRule,
  seatingMixRule,
  comfortRule,
  layoutChangeRule,
];

/**
 * The layout recommendations for one site over one window: every rule runs
 * on the evidence, and the results are ordered by score (highest first),
 * ties by id, so the same evidence always gives the same list.
 */
export function recommend(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  return RULES.flatMap((rule) => rule(evidence, config)).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
