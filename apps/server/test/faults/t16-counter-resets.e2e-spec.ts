import { DataSource } from 'typeorm';
import { createRng } from '@hearth/simulation';
import { publishMany, waitFor, type DedicatedMosquitto, type MqttMessage } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startFaultSite, type FaultSite, BRANCH_SITE } from './fault-site.js';
import { reportFigure } from './figures.js';

/** The test site, with a second door whose counter is 32 bits wide. */
const siteFile = BRANCH_SITE
  .replace(
    /( *)- \{ id: door-main,[^\n]*\n/,
    (line, indent: string) => `${line}${indent}- { id: door-side, kind: door, position: [0, 10], inTo: lobby, outTo: outside, counterRollover: 4294967296 }\n`,
  );

/**
 * T16. Cumulative door counters that reset to 0 (the device restarted: its
 * sequence starts again) 20 times at random, and wrap at 2^16 and at 2^32.
 * The per-interval counts the API derives must never be negative, must add
 * up exactly to what really crossed, and every reset must be reported.
 */
describe('T16 counter resets and rollovers', () => {
  let fault: FaultSite | undefined;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let http: FaultSite['http'];
  const site = 't16';

  beforeAll(async () => {
    fault = await startFaultSite('t16', { sites: [site], env: { ROLLUP_INTERVAL_MS: '0' }, siteFile });
    ({ broker, hearth, http } = fault);
  });
  afterAll(async () => {
    await fault?.close();
  });

  it('20 random resets and wraps at 2^16 and 2^32 give exact totals, no negative count, and 20 reported resets', async () => {
    const rng = createRng(16);
    const base = Date.now() - 3600_000;
    const doors = [
      // A 16-bit counter starting near its top: it wraps many times (about 5,000 people per reading).
      { key: 'door-main', width: 65_536, start: 65_536 - 2_000, step: () => 4_990 + Math.floor(rng.next() * 40) },
      // A 32-bit counter starting near its top: it wraps once before its first reset.
      { key: 'door-side', width: 4_294_967_296, start: 4_294_967_296 - 2_500, step: () => 600 + Math.floor(rng.next() * 400) },
    ];
    // Ten resets per door, at random readings (never the first two), at least 3 readings apart: a
    // device that restarts twice with no reading in between looks the same as one that did not restart.
    const resetsAt = doors.map(() => {
      const at = new Set<number>();
      while (at.size < 10) {
        const i = 2 + Math.floor(rng.next() * 196);
        if (![...at].some((j) => Math.abs(i - j) < 3)) at.add(i);
      }
      return at;
    });
    const msgs: MqttMessage[] = [];
    const truth = doors.map(() => ({ in: 0, out: 0, wraps: 0 }));
    doors.forEach((door, d) => {
      let inTotal = door.start;
      let outTotal = door.start - 100;
      let seq = 0;
      for (let i = 0; i < 200; i++) {
        let din = door.step();
        let dout = door.step();
        if (resetsAt[d]!.has(i)) {
          // Restarted: the counters start again from 0, and count this interval's people from there.
          inTotal = 0;
          outTotal = 0;
          seq = 0;
        }
        if (i === 0) din = dout = 0; // the first reading is the baseline
        if (inTotal + din >= door.width || outTotal + dout >= door.width) truth[d]!.wraps++;
        inTotal = (inTotal + din) % door.width;
        outTotal = (outTotal + dout) % door.width;
        truth[d]!.in += din;
        truth[d]!.out += dout;
        msgs.push({ topic: `hearth/v1/${site}/${door.key}`, payload: JSON.stringify({ type: 'door', ts: new Date(base + i * 10_000 + d).toISOString(), inTotal, outTotal, seq: seq++ }) });
      }
    });
    await publishMany(broker.url, msgs, { inflight: 50 });
    const sql = hearth.app.get(DataSource);
    const sensors = (await http.get(`/api/v1/sites/${site}/sensors`).expect(200)).body as { id: number; key: string; counterRollover: number | null }[];
    await waitFor(async () => ((await sql.query(`SELECT count(*)::int AS n FROM raw_event`))[0].n >= msgs.length ? true : undefined), 30_000, 'stored');

    const results = [];
    for (const door of doors) {
      const sensor = sensors.find((s) => s.key === door.key)!;
      const { events } = (await http.get(`/api/v1/sensors/${sensor.id}/events?from=${encodeURIComponent(new Date(base - 1000).toISOString())}&limit=10000`).expect(200)).body as {
        events: { in: number | null; out: number | null; counter: string }[];
      };
      results.push({
        key: door.key,
        rollover: sensor.counterRollover,
        readings: events.length,
        in: events.reduce((a, e) => a + (e.in ?? 0), 0),
        out: events.reduce((a, e) => a + (e.out ?? 0), 0),
        negative: events.filter((e) => (e.in ?? 0) < 0 || (e.out ?? 0) < 0).length,
        resets: events.filter((e) => e.counter === 'reset').length,
        rollovers: events.filter((e) => e.counter === 'rollover').length,
      });
    }
    const off = results.reduce((a, r, d) => a + Math.abs(r.in - truth[d]!.in) + Math.abs(r.out - truth[d]!.out), 0);
    const negative = results.reduce((a, r) => a + r.negative, 0);
    const resets = results.reduce((a, r) => a + r.resets, 0);
    reportFigure(
      'T16',
      `2 cumulative doors x 200 readings, 20 resets to 0, ${truth[0]!.wraps} wraps at 2^16 and ${truth[1]!.wraps} at 2^32: ${negative} negative deltas; totals off by ${off} ` +
        `(in ${results.map((r) => r.in).join(' + ')}, out ${results.map((r) => r.out).join(' + ')}); ${resets}/20 resets reported, ${results.map((r) => r.rollovers).join(' + ')} rollovers`,
    );

    expect(results.map((r) => [r.rollover, r.readings])).toEqual([
      [65_536, 200],
      [4_294_967_296, 200],
    ]);
    expect(truth[0]!.wraps).toBeGreaterThanOrEqual(10);
    expect(truth[1]!.wraps).toBeGreaterThanOrEqual(1);
    expect(negative).toBe(0);
    expect(off).toBe(0);
    expect(resets).toBe(20);
    expect(results.map((r) => r.rollovers)).toEqual(truth.map((t) => t.wraps));
  });
});
