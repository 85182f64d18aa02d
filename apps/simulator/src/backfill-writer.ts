import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { SiteFile } from '@hearth/contracts';
import { generateTraffic, type SimulationTuning } from '@hearth/simulation';

export interface BackfillOptions {
  site: SiteFile;
  weeks: number;
  out: string;
  seed?: number;
  /** The end of the history (default: now). */
  now?: Date;
  /** Also write each desk event's ground truth (visit kind and group). */
  withTruth?: boolean;
  tuning?: SimulationTuning;
}

export interface BackfillReport {
  events: number;
  bytes: number;
  from: Date;
  to: Date;
  ms: number;
}

/** Writes `weeks` weeks of history ending at `now` as NDJSON lines `{site,sensor,message}`, streaming. */
export async function writeBackfill(opts: BackfillOptions): Promise<BackfillReport> {
  const started = performance.now();
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - opts.weeks * 7 * 86_400_000);
  const stream = createWriteStream(opts.out, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {}); // observed through the races below
  let events = 0;
  let bytes = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const text = chunk.join('');
    chunk = [];
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };
  for (const e of generateTraffic(opts.site, { from, to, seed: opts.seed, tuning: opts.tuning })) {
    const line = opts.withTruth && e.truth ? { site: e.site, sensor: e.sensor, message: e.message, truth: e.truth } : { site: e.site, sensor: e.sensor, message: e.message };
    chunk.push(`${JSON.stringify(line)}\n`);
    events++;
    if (chunk.length >= 1000) await flush();
  }
  await flush();
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
  return { events, bytes, from, to, ms: Math.round(performance.now() - started) };
}
