import { DataSource } from 'typeorm';
import { createRng } from '@hearth/simulation';
import { publishMany, waitFor, type DedicatedMosquitto, type MqttMessage } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startFaultSite, type FaultSite } from './fault-site.js';
import { reportFigure } from './figures.js';

/**
 * T14. Out-of-order and late readings. Two sites built from the same site
 * file receive the same seven hours of door, desk and headcount readings:
 * one in time order, the other shuffled within 15-minute windows with 5 %
 * held back and sent last, more than 6 hours after their own time. The
 * hourly and 15-minute occupancy the API serves must be the same for both,
 * and "current occupancy" must follow the newest reading, not the last to
 * arrive (checked with a crafted older reading sent after a newer one).
 */
describe('T14 out-of-order and late readings', () => {
  let fault: FaultSite | undefined;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let http: FaultSite['http'];
  const sites = { order: 't14-order', late: 't14-late' } as const;

  beforeAll(async () => {
    fault = await startFaultSite('t14', { sites: Object.values(sites), env: { ROLLUP_INTERVAL_MS: '0' } });
    ({ broker, hearth, http } = fault);
  });
  afterAll(async () => {
    await fault?.close();
  });

  it('shuffled and 6-hours-late readings give the same hourly occupancy as in-order ones, and live follows the newest reading', async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const start = now - 7 * 3600_000;
    const rng = createRng(14);
    // One stream of readings (time, sensor, body), the same for both sites.
    const stream: { t: number; sensor: string; body: Record<string, unknown> }[] = [];
    let inTotal = 65_300;
    let outTotal = 65_290;
    for (let t = start, seq = 0; t < now - 60_000; t += 60_000, seq++) {
      inTotal = (inTotal + Math.floor(rng.next() * 9)) % 65_536;
      outTotal = (outTotal + Math.floor(rng.next() * 8)) % 65_536;
      stream.push({ t, sensor: 'door-main', body: { type: 'door', inTotal, outTotal, seq } });
    }
    for (const [d, desk] of ['desk-q1', 'desk-q2', 'desk-q3', 'desk-q4'].entries()) {
      for (let t = start + d * 97_000, seq = 0; t < now - 60_000; t += 8 * 60_000 + Math.floor(rng.next() * 120_000), seq++) stream.push({ t, sensor: desk, body: { type: 'desk', occupied: rng.next() < 0.6, seq } });
    }
    for (let t = start + 30_000, seq = 0; t < now - 10 * 60_000; t += 5 * 60_000, seq++) stream.push({ t, sensor: 'cafe-count', body: { type: 'zone', count: Math.floor(rng.next() * 13), seq } });
    stream.sort((a, b) => a.t - b.t || a.sensor.localeCompare(b.sensor));
    const message = (site: string, r: (typeof stream)[number]): MqttMessage => ({ topic: `hearth/v1/${site}/${r.sensor}`, payload: JSON.stringify({ ...r.body, ts: new Date(r.t).toISOString() }) });

    // In order for one site; for the other, shuffled within each 15-minute window, and 5 % of the
    // first hour's readings held back and sent after everything else (6 to 7 hours late).
    const ordered = stream.map((r) => message(sites.order, r));
    const windows = new Map<number, typeof stream>();
    for (const r of stream) {
      const w = Math.floor(r.t / 900_000);
      windows.set(w, [...(windows.get(w) ?? []), r]);
    }
    const held: typeof stream = [];
    const shuffled: MqttMessage[] = [];
    for (const list of windows.values()) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      for (const r of list) {
        if (r.t < start + 3600_000 && held.length < Math.round(stream.length * 0.05)) held.push(r);
        else shuffled.push(message(sites.late, r));
      }
    }
    await publishMany(broker.url, ordered, { inflight: 1 });
    await publishMany(broker.url, shuffled);
    const sql = hearth.app.get(DataSource);
    const stored = async (site: string) => (await sql.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id JOIN site ON site.id = s.site_id WHERE site.key = $1`, [site]))[0].n as number;
    await waitFor(async () => ((await stored(sites.late)) >= shuffled.length ? true : undefined), 30_000, 'the shuffled readings stored');
    await publishMany(broker.url, held.map((r) => message(sites.late, r)));
    for (const site of Object.values(sites)) await waitFor(async () => ((await stored(site)) >= stream.length ? true : undefined), 30_000, `${site}: ${stream.length} readings stored`);

    // Rollups for the service days the readings touch, then the hourly and 15-minute occupancy of both sites.
    const date = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(t));
    const window = `from=${encodeURIComponent(new Date(start - 3600_000).toISOString())}&to=${encodeURIComponent(new Date(now).toISOString())}`;
    const occupancy: Record<string, Record<string, unknown>> = {};
    for (const site of Object.values(sites)) {
      await http.post(`/api/v1/sites/${site}/rollups/rebuild`).send({ from: date(start - 86_400_000), to: date(now) }).expect(200);
      for (const resolution of ['1h', '15m']) {
        const { zones, floors, total, empty } = (await http.get(`/api/v1/sites/${site}/occupancy?${window}&resolution=${resolution}`).expect(200)).body;
        occupancy[`${site} ${resolution}`] = { zones, floors, total, empty };
      }
    }
    const points = (o: Record<string, unknown>) => JSON.stringify(o).match(/"start"/g)?.length ?? 0;
    const differing = ['1h', '15m'].filter((res) => JSON.stringify(occupancy[`${sites.order} ${res}`]) !== JSON.stringify(occupancy[`${sites.late} ${res}`]));

    // "Current occupancy": a newer headcount, then an older one arriving after it.
    for (const site of Object.values(sites)) {
      const newer = { type: 'zone', ts: new Date(now - 60_000).toISOString(), count: 40, seq: 900_001 };
      const older = { type: 'zone', ts: new Date(now - 20 * 60_000).toISOString(), count: 2, seq: 900_000 };
      const order = site === sites.late ? [newer, older] : [older, newer];
      await publishMany(broker.url, order.map((b) => ({ topic: `hearth/v1/${site}/cafe-count`, payload: JSON.stringify(b) })), { inflight: 1 });
      await waitFor(async () => ((await stored(site)) >= stream.length + 2 ? true : undefined), 30_000, `${site}: crafted readings stored`);
    }
    const live = async (site: string) => ((await http.get(`/api/v1/sites/${site}/occupancy/live`).expect(200)).body.zones as { zone: string; occupancy: number | null }[]).find((z) => z.zone === 'cafe')!.occupancy;
    const current = { order: await live(sites.order), late: await live(sites.late) };

    reportFigure(
      'T14',
      `${stream.length} readings over 7 h, shuffled within 15-min windows, ${held.length} (5 %) sent 6-7 h late: hourly and 15-min aggregates differ from the in-order baseline in ${differing.length} of 2 ` +
        `(${points(occupancy[`${sites.order} 1h`]!)} and ${points(occupancy[`${sites.order} 15m`]!)} points compared); live cafe after a newer (40) then an older (2) reading: ${current.late} (in order: ${current.order})`,
    );
    expect(occupancy[`${sites.order} 1h`]!.empty).toBe(false);
    expect(points(occupancy[`${sites.order} 15m`]!)).toBeGreaterThan(50);
    expect(occupancy[`${sites.late} 1h`]).toEqual(occupancy[`${sites.order} 1h`]);
    expect(occupancy[`${sites.late} 15m`]).toEqual(occupancy[`${sites.order} 15m`]);
    expect(current).toEqual({ order: 40, late: 40 });
  }, 120_000);
});
