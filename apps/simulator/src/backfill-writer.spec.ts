import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sensorMessageSchema } from '@hearth/contracts';
import { writeBackfill } from './backfill-writer.js';
import { loadSiteFile } from './site-file-loader.js';

describe('backfill to NDJSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-backfill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const site = loadSiteFile(fileURLToPath(new URL('../../../demo/riverside.site.yaml', import.meta.url)));

  it('writes a week of history up to now, one valid {site,sensor,message} per line', async () => {
    const out = join(dir, 'week.ndjson');
    const now = new Date('2026-11-09T05:00:00Z');
    const report = await writeBackfill({ site, weeks: 1, out, now, seed: 3 });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(report.events);
    expect(report.events).toBeGreaterThan(15_000);
    expect(report.from).toEqual(new Date('2026-11-02T05:00:00Z'));
    const rows = lines.map((l) => JSON.parse(l) as { site: string; sensor: string; message: unknown; truth?: unknown });
    expect(rows.every((r) => r.site === 'riverside' && typeof r.sensor === 'string' && sensorMessageSchema.safeParse(r.message).success && r.truth === undefined)).toBe(true);
    const times = rows.map((r) => Date.parse((r.message as { ts: string }).ts));
    expect(times.every((t, i) => t >= report.from.getTime() && t < now.getTime() && (i === 0 || t >= times[i - 1]!))).toBe(true);
  });

  it('adds the ground truth to desk lines on request', async () => {
    const out = join(dir, 'truth.ndjson');
    await writeBackfill({ site, weeks: 1, out, now: new Date('2026-11-09T05:00:00Z'), seed: 3, withTruth: true });
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { message: { type: string }; truth?: { visitKind: string } });
    const desks = rows.filter((r) => r.message.type === 'desk');
    expect(desks.length).toBeGreaterThan(1000);
    expect(desks.every((r) => typeof r.truth?.visitKind === 'string')).toBe(true);
    expect(rows.filter((r) => r.message.type !== 'desk' && r.truth)).toEqual([]);
  });

  it('fails clearly when the file cannot be written', async () => {
    await expect(writeBackfill({ site, weeks: 1, out: join(dir, 'missing', 'x.ndjson') })).rejects.toThrow(/ENOENT/);
  });
});
