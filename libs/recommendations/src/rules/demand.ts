import type { RecommendationConfig } from '../config.js';
import { formatHourRange, formatNumber, formatShare, formatTimes } from '../format.js';
import { recommendation, ruleContext, type RuleContext } from '../rule-kit.js';
import type { DemandEvidence, EvidenceFigure, Recommendation, SiteEvidence } from '../types.js';

/**
 * Opening hours and staffing against the visits the door counters saw
 * (silent without door counters). An average open hour receives
 * visitsPerDay / (openHours / openDays) arrivals.
 * - Before opening: at least `waitingBeforeOpening` people a day arriving in
 *   the 30 minutes before opening (severity: people / threshold).
 * - Last hour: the building at least `lastHourUtilisation` full in its last
 *   open hour, or at least `lastHourArrivalsFactor` × an average hour's
 *   arrivals still coming (severity: the larger ratio to its threshold).
 * - Peak: the busiest hour's arrivals at least `peakToMeanRatio` × an average
 *   hour's, on a site with at least `minVisitsPerDay` visits (severity: the
 *   ratio / the threshold).
 * Opening and closing times in the texts are the ones most days share.
 */
export function demandRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const d = evidence.demand;
  if (d === null) return [];
  const ctx = ruleContext(evidence, config);
  const o = config.thresholds.openingHours;
  const s = config.thresholds.staffing;
  const { openHours, openDays } = evidence.window;
  const meanHourly = openHours > 0 && openDays > 0 ? d.visitsPerDay / (openHours / openDays) : 0;
  const times = typicalTimes(d.openingHours);
  const out: Recommendation[] = [];

  if (times && d.beforeOpening >= o.waitingBeforeOpening) out.push(early(ctx, d, meanHourly, times.open));
  if (times) {
    const byUse = d.lastHourUtilisation !== null ? d.lastHourUtilisation / o.lastHourUtilisation : 0;
    const byArrivals = meanHourly > 0 ? d.lastHourArrivals / (o.lastHourArrivalsFactor * meanHourly) : 0;
    if (byUse >= 1 || byArrivals >= 1) out.push(late(ctx, d, meanHourly, times.close, Math.max(byUse, byArrivals)));
  }
  if (d.visitsPerDay >= s.minVisitsPerDay && meanHourly > 0 && d.peakArrivals / meanHourly >= s.peakToMeanRatio) out.push(peak(ctx, d, meanHourly));
  return out;
}

/** "HH:MM" → minutes after midnight. */
function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/**
 * The opening time and the closing time most open days share (ties: the
 * earliest opening, the latest closing); null when the site is never open.
 */
export function typicalTimes(hours: DemandEvidence['openingHours']): { open: string; close: string } | null {
  const opens = new Map<string, number>();
  const closes = new Map<string, number>();
  for (const ranges of Object.values(hours)) {
    if (ranges.length === 0) continue;
    const open = ranges[0]!.open;
    const close = ranges[ranges.length - 1]!.close;
    opens.set(open, (opens.get(open) ?? 0) + 1);
    closes.set(close, (closes.get(close) ?? 0) + 1);
  }
  const mode = (counts: Map<string, number>, prefer: (a: string, b: string) => number) =>
    [...counts.entries()].sort((a, b) => b[1] - a[1] || prefer(a[0], b[0]))[0]?.[0];
  const open = mode(opens, (a, b) => minutesOf(a) - minutesOf(b));
  const close = mode(closes, (a, b) => minutesOf(b) - minutesOf(a));
  return open && close ? { open, close } : null;
}

function chart(ctx: RuleContext, d: DemandEvidence, mark: { hour: number; label: string }): EvidenceFigure {
  return { kind: 'hourly-chart', series: [{ label: ctx.label('arrivalsSeries'), values: [...d.arrivalsByHour] }], marks: [mark] };
}

function early(ctx: RuleContext, d: DemandEvidence, meanHourly: number, open: string): Recommendation {
  const limit = ctx.config.thresholds.openingHours.waitingBeforeOpening;
  return recommendation(ctx, {
    text: 'opening-early',
    subject: 'before-opening',
    floor: null,
    zones: [],
    severity: d.beforeOpening / limit,
    values: {
      beforeOpening: formatNumber(d.beforeOpening),
      open,
      firstHourArrivals: formatNumber(d.firstHourArrivals),
      meanHourlyArrivals: formatNumber(meanHourly),
      waitingLimit: formatNumber(limit),
      visitsPerDay: formatNumber(d.visitsPerDay),
    },
    roles: { site: [] },
    metrics: [
      ctx.metric('beforeOpening', null, d.beforeOpening, 'people'),
      ctx.metric('firstHourArrivals', null, d.firstHourArrivals, 'people'),
      ctx.metric('meanHourlyArrivals', null, meanHourly, 'people'),
    ],
    figure: chart(ctx, d, { hour: Math.floor(minutesOf(open) / 60), label: ctx.label('openingMark') }),
  });
}

function late(ctx: RuleContext, d: DemandEvidence, meanHourly: number, close: string, severity: number): Recommendation {
  const o = ctx.config.thresholds.openingHours;
  const metrics = [ctx.metric('lastHourArrivals', null, d.lastHourArrivals, 'people'), ctx.metric('meanHourlyArrivals', null, meanHourly, 'people')];
  if (d.lastHourUtilisation !== null) metrics.push(ctx.metric('lastHourUtilisation', null, d.lastHourUtilisation, 'share'));
  return recommendation(ctx, {
    text: 'opening-late',
    subject: 'last-hour',
    floor: null,
    zones: [],
    severity,
    values: {
      close,
      lastHourArrivals: formatNumber(d.lastHourArrivals),
      lastHourUtilisation: d.lastHourUtilisation === null ? ctx.phrase('unknown') : formatShare(d.lastHourUtilisation),
      meanHourlyArrivals: formatNumber(meanHourly),
      lastHourUtilisationLimit: formatShare(o.lastHourUtilisation),
    },
    roles: { site: [] },
    metrics,
    figure: chart(ctx, d, { hour: Math.floor((minutesOf(close) - 60 + 1440) / 60) % 24, label: ctx.label('closingMark') }),
  });
}

function peak(ctx: RuleContext, d: DemandEvidence, meanHourly: number): Recommendation {
  const limit = ctx.config.thresholds.staffing.peakToMeanRatio;
  const desks = ctx.evidence.floors.flatMap((f) => f.serviceDesks.map((s) => s.zone));
  const ratio = d.peakArrivals / meanHourly;
  return recommendation(ctx, {
    text: 'staffing-peaks',
    subject: ctx.evidence.site.id,
    floor: null,
    zones: desks,
    severity: ratio / limit,
    values: {
      peakHour: formatHourRange(d.peakHour),
      peakArrivals: formatNumber(d.peakArrivals),
      meanHourlyArrivals: formatNumber(meanHourly),
      peakRatio: formatTimes(ratio),
      visitsPerDay: formatNumber(d.visitsPerDay),
      peakToMeanLimit: formatTimes(limit),
      deskZones: desks.length > 0 ? ctx.names(desks) : ctx.phrase('noServiceDesk'),
    },
    roles: { site: [], desk: desks },
    metrics: [
      ctx.metric('peakArrivals', null, d.peakArrivals, 'people'),
      ctx.metric('meanHourlyArrivals', null, meanHourly, 'people'),
      ctx.metric('visitsPerDay', null, d.visitsPerDay, 'people'),
    ],
    figure: chart(ctx, d, { hour: d.peakHour, label: ctx.label('peakMark') }),
  });
}
