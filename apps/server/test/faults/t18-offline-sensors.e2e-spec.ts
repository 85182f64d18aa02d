import { DataSource } from 'typeorm';
import { createRng } from '@hearth/simulation';
import { publishMany, waitFor, type DedicatedMosquitto, type MqttMessage } from '@hearth/testing';
import { DEFAULT_SILENCE_HOURS, health } from '../../../../dashboards/src/transforms/sensor-health.js';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startFaultSite, type FaultSite, localDate, localTime } from './fault-site.js';
import { reportFigure } from './figures.js';

const HOUR = 3600_000;
/** Hearth's sensors send a heartbeat at least every 6 hours; two missed ones mean offline (the sensors page's default). */
const HEARTBEAT_MS = 6 * HOUR;

/**
 * T18. Offline sensors. Time is compressed by sending readings with past
 * timestamps: 200 sensors sent a heartbeat every 6 hours for two days, 5 % of
 * them lost on the way, and 5 stopped 13 hours ago. Through the sensors API
 * and the dashboard's own rule, the 5 must be offline and no sensor that
 * missed at most one heartbeat may be. And a zone whose sensors stopped must
 * show "no data" (no point, or null), never 0, for the time they were
 * offline: checked for a headcount zone and a desk zone over yesterday.
 */
describe('T18 offline sensors', () => {
  let fault: FaultSite | undefined;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let http: FaultSite['http'];
  const site = 't18';
  const figure: string[] = [];

  beforeAll(async () => {
    fault = await startFaultSite('t18', { sites: [site], env: { ROLLUP_INTERVAL_MS: '0' } });
    ({ broker, hearth, http } = fault);
  });
  afterAll(async () => {
    if (figure.length) reportFigure('T18', figure.join('; '));
    await fault?.close();
  });

  it('flags the 5 silent sensors of 200 offline, and none that lost one heartbeat at 5 % loss', async () => {
    const now = Date.now();
    const rng = createRng(18);
    const dead = new Set([7, 42, 99, 150, 188]);
    const msgs: MqttMessage[] = [];
    const lastDelivered = new Map<number, number>();
    const longestGap = new Map<number, number>();
    for (let s = 0; s < 200; s++) {
      const offset = Math.floor(rng.next() * HEARTBEAT_MS);
      let missedInARow = 0;
      for (let t = now - 48 * HOUR + offset, seq = 0; t <= now; t += HEARTBEAT_MS, seq++) {
        if (dead.has(s) && t > now - 13 * HOUR) break;
        if (rng.next() < 0.05) {
          longestGap.set(s, Math.max(longestGap.get(s) ?? 0, ++missedInARow));
          continue;
        }
        missedInARow = 0;
        lastDelivered.set(s, t);
        msgs.push({ topic: `hearth/v1/${site}/hb-${String(s).padStart(3, '0')}`, payload: JSON.stringify({ type: 'heartbeat', ts: new Date(t).toISOString(), battery: 80, seq }) });
      }
    }
    await publishMany(broker.url, msgs);
    // Last-seen times are written every few seconds, off the readings' path.
    const sensors = await waitFor(async () => {
      const list = ((await http.get('/api/v1/sensors/unclaimed').expect(200)).body as { key: string; status: 'unclaimed'; lastSeenAt: string | null }[]).filter((x) => x.key.startsWith('hb-'));
      return list.length === 200 && list.every((x) => x.lastSeenAt !== null && Date.parse(x.lastSeenAt) === lastDelivered.get(Number(x.key.slice(3)))) ? list : undefined;
    }, 30_000, 'last-seen times of 200 sensors');
    const offline = sensors.filter((x) => health({ status: 'active', lastSeenAt: x.lastSeenAt }, now, DEFAULT_SILENCE_HOURS) === 'offline').map((x) => Number(x.key.slice(3)));
    const flaggedDead = offline.filter((s) => dead.has(s)).length;
    // A sensor that lost two heartbeats in a row at the end really was silent for 12 h: the rule flags it, rightly.
    const silentAlive = [...lastDelivered].filter(([s, t]) => !dead.has(s) && now - t > 2 * HEARTBEAT_MS).map(([s]) => s);
    const falsePositives = offline.filter((s) => !dead.has(s) && !silentAlive.includes(s)).length;
    const lost = [...longestGap.values()].filter((g) => g > 0).length;
    figure.push(
      `200 sensors, heartbeat every 6 h for 48 h, 5 % lost (${lost} sensors lost at least one), 5 silent for 13 h: ${flaggedDead}/5 flagged offline by the 2 x heartbeat rule, ` +
        `${falsePositives} false positives${silentAlive.length ? ` (+${silentAlive.length} live sensors whose last two heartbeats were both lost, also flagged)` : ''}`,
    );
    expect(flaggedDead).toBe(5);
    expect(falsePositives).toBe(0);
  });

  it('shows the time a zone\'s sensors were offline as no data, not as 0', async () => {
    const now = Date.now();
    const today = localDate(now - 5 * HOUR);
    const yesterday = localDate(localTime(today, 12) - 86_400_000);
    const msgs: MqttMessage[] = [];
    // Yesterday 09:00-12:00 the zones' sensors work; at 12:00 they all die.
    let seq = 0;
    for (let t = localTime(yesterday, 9); t <= localTime(yesterday, 12); t += 5 * 60_000) {
      msgs.push({ topic: `hearth/v1/${site}/cafe-count`, payload: JSON.stringify({ type: 'zone', ts: new Date(t).toISOString(), count: 5, seq: seq++ }) });
    }
    for (const [d, desk] of ['desk-q1', 'desk-q2', 'desk-q3', 'desk-q4'].entries()) {
      msgs.push({ topic: `hearth/v1/${site}/${desk}`, payload: JSON.stringify({ type: 'desk', ts: new Date(localTime(yesterday, 9, d)).toISOString(), occupied: true, seq: 1 }) });
      msgs.push({ topic: `hearth/v1/${site}/${desk}`, payload: JSON.stringify({ type: 'desk', ts: new Date(localTime(yesterday, 11, 30 + d)).toISOString(), occupied: false, seq: 2 }) });
      msgs.push({ topic: `hearth/v1/${site}/${desk}`, payload: JSON.stringify({ type: 'heartbeat', ts: new Date(localTime(yesterday, 12)).toISOString(), battery: 90, seq: 3 }) });
    }
    await publishMany(broker.url, msgs);
    const sql = hearth.app.get(DataSource);
    await waitFor(async () => ((await sql.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.site_id IS NOT NULL`))[0].n >= msgs.length ? true : undefined), 30_000, 'stored');
    await http.post(`/api/v1/sites/${site}/rollups/rebuild`).send({ from: yesterday, to: yesterday }).expect(200);
    const win = `from=${encodeURIComponent(new Date(localTime(yesterday, 5)).toISOString())}&to=${encodeURIComponent(new Date(localTime(today, 5)).toISOString())}&resolution=15m`;
    const { zones } = (await http.get(`/api/v1/sites/${site}/occupancy?${win}`).expect(200)).body as { zones: { zone: string; points: { start: string; mean: number }[] }[] };
    // Offline: no reading or heartbeat for 2 x 6 h, i.e. from midnight on; stale headcounts lapse after 30 minutes.
    const offlineFrom = localTime(yesterday, 12) + 2 * HEARTBEAT_MS;
    const shownWhileOffline = (zone: string) => (zones.find((z) => z.zone === zone)?.points ?? []).filter((p) => Date.parse(p.start) >= offlineFrom);
    const afterDeath = (zone: string) => (zones.find((z) => z.zone === zone)?.points ?? []).filter((p) => Date.parse(p.start) >= localTime(yesterday, 12, 30));
    const cafe = shownWhileOffline('cafe');
    const quiet = shownWhileOffline('quiet');
    figure.push(
      `sensors dead from 12:00 yesterday: headcount zone shows ${afterDeath('cafe').length} points after 12:30 and ${cafe.length} while offline (from 00:00); ` +
        `desk zone shows ${quiet.length} points while offline (values ${[...new Set(quiet.map((p) => p.mean))].join(', ') || 'none'}) where "no data" is due`,
    );
    expect(zones.find((z) => z.zone === 'cafe')?.points.length).toBeGreaterThan(0);
    expect(afterDeath('cafe')).toEqual([]);
    expect(quiet).toEqual([]);
  });
});
