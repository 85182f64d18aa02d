import type { EmptyReason, Peak } from './results.js';
import type { HourOfWeek, TypicalWeekResult } from './weekly-pattern.js';
import type { UtilisationResult } from './utilisation.js';

/**
 * Branches (or zones) side by side: utilisation, peak and busiest hour.
 *
 * A planner or director reads which branch is under pressure and which has
 * room: "Riverside runs at 52 % with its busiest hour Tuesday 14:00; Hillside
 * at 18 %". Each branch's figures come from its own frame, so each is in its
 * own time zone and calendar: a busiest hour of 14:00 means 14:00 on that
 * branch's clock, and peaks carry their local time. Rows are ordered by
 * utilisation, highest first; branches without data (or without capacity)
 * come last, unranked, with the reason.
 */

export interface BranchInput {
  key: string;
  name?: string;
  utilisation: UtilisationResult;
  typicalWeek: TypicalWeekResult;
}

export interface BranchRow {
  key: string;
  name: string;
  /** 1 = highest utilisation; null for branches that cannot be ranked. */
  rank: number | null;
  /** Why the branch has no figures, when it has none. */
  emptyReason: EmptyReason | null;
  capacity: number | null;
  utilisation: number | null;
  meanOccupancy: number | null;
  peak: Peak | null;
  shareAbove: number | null;
  busiestHour: HourOfWeek | null;
  quietestHour: HourOfWeek | null;
}

export function compareBranches(branches: readonly BranchInput[]): BranchRow[] {
  const rows = branches.map((b): BranchRow => {
    const u = b.utilisation;
    const w = b.typicalWeek;
    return {
      key: b.key,
      name: b.name ?? b.key,
      rank: null,
      emptyReason: u.empty ? u.reason : null,
      capacity: u.empty ? null : u.capacity,
      utilisation: u.empty ? null : u.utilisation,
      meanOccupancy: u.empty ? null : u.meanOccupancy,
      peak: u.empty ? null : u.peak,
      shareAbove: u.empty ? null : u.shareAbove,
      busiestHour: w.empty ? null : w.busiest,
      quietestHour: w.empty ? null : w.quietest,
    };
  });
  const ranked = rows.filter((r) => r.utilisation !== null).sort((a, b) => b.utilisation! - a.utilisation!);
  ranked.forEach((r, i) => (r.rank = i + 1));
  return [...ranked, ...rows.filter((r) => r.utilisation === null)];
}
