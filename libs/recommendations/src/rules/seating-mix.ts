import type { RecommendationConfig } from '../config.js';
import { formatCount, formatPoints, formatShare } from '../format.js';
import { recommendation, ruleContext, type JudgedZone } from '../rule-kit.js';
import type { Recommendation, SiteEvidence, ZoneEvidence } from '../types.js';

type SeatedZone = JudgedZone & { seats: NonNullable<ZoneEvidence['seats']> };

/**
 * Seating mix against how people sit: over the judged zones with desk
 * sensors, the share of seats at shared tables is set against the share of
 * desk sessions that were groups. A gap of at least `gap` either way is a
 * finding: more groups than shared seats ("more-shared"), or shared tables
 * mostly taken by people alone ("more-single"). Silent below `minSeats` seats
 * or `minSessions` sessions. Severity: the gap / the threshold.
 */
export function seatingMixRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const m = config.thresholds.seatingMix;
  const zones = evidence.zones.filter((z): z is SeatedZone => ctx.judged(z) && z.seats !== null);
  const shared = zones.reduce((s, z) => s + z.seats.shared, 0);
  const seats = zones.reduce((s, z) => s + z.seats.single + z.seats.shared, 0);
  const sessions = zones.reduce((s, z) => s + (z.sessions?.count ?? 0), 0);
  const groupSessions = zones.reduce((s, z) => s + (z.sessions ? z.sessions.count * z.sessions.groupShare : 0), 0);
  if (seats < m.minSeats || sessions < m.minSessions) return [];
  const sharedSeatShare = shared / seats;
  const groupSessionShare = groupSessions / sessions;
  const gap = groupSessionShare - sharedSeatShare;
  if (Math.abs(gap) < m.gap) return [];
  const zoneKeys = zones.map((z) => z.zone);
  return [
    recommendation(ctx, {
      text: gap > 0 ? 'seating-mix-more-shared' : 'seating-mix-more-single',
      subject: evidence.site.id,
      floor: null,
      zones: zoneKeys,
      severity: Math.abs(gap) / m.gap,
      values: {
        sharedSeatShare: formatShare(sharedSeatShare),
        groupSessionShare: formatShare(groupSessionShare),
        gap: formatPoints(Math.abs(gap)).replace(/^\+/, ''),
        gapLimit: formatPoints(m.gap).replace(/^\+/, ''),
        sessions: formatCount(sessions),
        seats: formatCount(seats),
        sharedSeats: formatCount(shared),
      },
      roles: { seated: zoneKeys, shared: zones.filter((z) => z.seats.shared > 0).map((z) => z.zone) },
      metrics: [
        ctx.metric('sharedSeatShare', null, sharedSeatShare, 'share'),
        ctx.metric('groupSessionShare', null, groupSessionShare, 'share'),
        ctx.metric('seats', null, seats, 'count'),
        ctx.metric('sessions', null, sessions, 'count'),
      ],
      figure: null,
    }),
  ];
}
