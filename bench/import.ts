/**
 * History import benchmark: how long does Hearth take to import ten years of
 * hourly gate counts for 50 entrances (87,600 hours x 50 = 4.38 M counts)?
 *
 *   npm run bench:import -- [--years Y] [--entrances E] [--shape wide|long|wide,long] [--json]
 *
 * For each shape the file is written to a temporary directory first (not
 * timed): "wide" is one line per hour with a column per entrance (as
 * spreadsheets keep it), "long" one line per hour and entrance (as database
 * exports do). Then, on a fresh migrated database with a site of E doors,
 * the file is imported with the same code the API and the CLI use
 * (storeGateCounts reading the file as a stream), timed from opening the
 * file to the commit. The same file is imported a second time, which must
 * change nothing. The process runs with the server's 256 MB heap limit;
 * peak RSS is reported. Target: under 60 s for the 4.38 M counts.
 * Exit code 1 when a target is missed or a count is wrong.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@hearth/database';
import { SiteImportService } from '@hearth/spaces';
import { storeGateCounts } from '@hearth/telemetry';
import { siteFileSchema } from '@hearth/contracts';
import { createTestDatabase } from '@hearth/testing';
import { fmt, procStatusKb, runBench } from './bench-kit.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const YEARS = Number(arg('years', '10'));
const ENTRANCES = Number(arg('entrances', '50'));
const SHAPES = arg('shape', 'wide,long').split(',') as ('wide' | 'long')[];
const JSON_OUT = process.argv.includes('--json');
const TARGET_S = 60;
const log = (s: string) => process.stderr.write(`${s}\n`);

const doors = Array.from({ length: ENTRANCES }, (_, i) => `gate-${String(i + 1).padStart(2, '0')}`);

/** A plausible hourly count: opening hours, a weekly rhythm, each gate its own size. Deterministic. */
function count(hourIndex: number, gate: number): number {
  const hour = hourIndex % 24;
  const day = Math.floor(hourIndex / 24) % 7;
  if (hour < 8 || hour > 21) return 0;
  const base = 10 + ((gate * 37) % 60);
  const shape = Math.sin(((hour - 8) / 14) * Math.PI);
  return Math.round(base * shape * (day >= 5 ? 0.5 : 1) + ((hourIndex * 7 + gate * 13) % 5));
}

function writeFile(file: string, shape: 'wide' | 'long', hours: number, startMs: number): number {
  const fd = fs.openSync(file, 'w');
  let buf = shape === 'wide' ? `Date,Hour,${doors.join(',')}\n` : 'Timestamp,Entrance,Count\n';
  let rows = 0;
  for (let h = 0; h < hours; h++) {
    const t = new Date(startMs + h * 3600_000).toISOString();
    const date = t.slice(0, 10);
    const clock = t.slice(11, 16);
    if (shape === 'wide') buf += `${date},${clock},${doors.map((_, g) => count(h, g)).join(',')}\n`;
    else for (let g = 0; g < doors.length; g++) buf += `${date} ${clock},${doors[g]},${count(h, g)}\n`;
    rows += doors.length;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return rows;
}

async function main(): Promise<number> {
  const startMs = Date.UTC(2016, 0, 1);
  const hours = Math.round(YEARS * 365 * 24);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-import-'));
  const results: Record<string, unknown>[] = [];
  let failed = false;
  try {
    for (const shape of SHAPES) {
      const file = path.join(dir, `${shape}.csv`);
      const counts = writeFile(file, shape, hours, startMs);
      log(`${shape}: ${fmt(counts)} counts, ${fmt(fs.statSync(file).size / 1e6, 1)} MB`);
      const db = await createTestDatabase('hearth_bench_import');
      const { dataSource } = await openDatabase(db.url);
      try {
        // UTC keeps the generated hours unambiguous (no daylight-saving gaps or repeats).
        const site = siteFileSchema.parse({
          site: { id: 'consortium', name: 'Consortium library', timeZone: 'UTC', openingHours: { mon: ['08:00-22:00'], tue: ['08:00-22:00'], wed: ['08:00-22:00'], thu: ['08:00-22:00'], fri: ['08:00-22:00'], sat: ['10:00-18:00'], sun: ['10:00-18:00'] } },
          floors: [{ id: 'ground', name: 'Ground', ordinal: 0, size: { width: 100, height: 20 }, zones: [{ id: 'hall', name: 'Hall', category: 'entrance', capacity: 0, polygon: [[0, 0], [100, 0], [100, 20], [0, 20]] }], sensors: doors.map((id, i) => ({ id, kind: 'door', position: [1 + i, 19], inTo: 'hall', outTo: 'outside' })) }],
        });
        await new SiteImportService(dataSource).import(site);
        let peakKb = 0;
        const sampler = setInterval(() => (peakKb = Math.max(peakKb, procStatusKb(process.pid, 'VmRSS'))), 50);
        const t0 = performance.now();
        const first = await storeGateCounts(dataSource, 'consortium', fs.createReadStream(file), { fileName: `${shape}.csv`, options: { readings: 'interval' } });
        const seconds = (performance.now() - t0) / 1000;
        const t1 = performance.now();
        const again = await storeGateCounts(dataSource, 'consortium', fs.createReadStream(file), { fileName: `${shape}.csv`, options: { readings: 'interval' } });
        const againSeconds = (performance.now() - t1) / 1000;
        clearInterval(sampler);
        peakKb = Math.max(peakKb, procStatusKb(process.pid, 'VmHWM'));
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM raw_event WHERE channel = 'import'`);
        const ok = seconds < TARGET_S && n === counts && first.stored.readings === counts && again.alreadyImported && again.stored.readings === 0 && first.report.rows.flagged === 0;
        failed ||= !ok;
        const row = { shape, counts, stored: n, seconds: Math.round(seconds * 10) / 10, countsPerSec: Math.round(counts / seconds), againSeconds: Math.round(againSeconds * 10) / 10, againChanged: again.stored.readings, peakRssMb: Math.round(peakKb / 1024), targetMet: ok };
        results.push(row);
        log(`${shape}: imported in ${fmt(seconds, 1)} s (${fmt(counts / seconds)} counts/s), stored ${fmt(n)}; again: ${fmt(againSeconds, 1)} s, changed ${again.stored.readings}; peak RSS ${fmt(peakKb / 1024)} MB -> ${ok ? 'met' : 'MISSED'}`);
      } finally {
        await dataSource.destroy();
        await db.drop();
        fs.rmSync(file, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  if (JSON_OUT) process.stdout.write(`${JSON.stringify({ machine, years: YEARS, entrances: ENTRANCES, results })}\n`);
  else for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
  return failed ? 1 : 0;
}

runBench('bench:import', main);
