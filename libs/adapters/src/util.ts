import { DateTime } from 'luxon';
import type { AdapterInput, AdapterResult, NormalisedEvent, Rejection } from './types.js';

/** Small helpers every adapter uses; vendor payloads are `unknown` until these say otherwise. */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-negative integer from a number or a numeric string ("12"); undefined for anything else. */
export function count(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A finite number from a number or a numeric string; undefined otherwise. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A boolean from true/false or the strings "true"/"false" (any case); undefined otherwise. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

/** ISO-8601 UTC from epoch milliseconds; undefined when not a plausible time. */
export function isoFromMs(v: unknown): string | undefined {
  const n = num(v);
  if (n === undefined || n < 0 || n > 8.64e15) return undefined;
  return new Date(n).toISOString();
}

/** ISO-8601 UTC from epoch seconds. */
export function isoFromSeconds(v: unknown): string | undefined {
  const n = num(v);
  return n === undefined ? undefined : isoFromMs(n * 1000);
}

/** ISO-8601 UTC from a time with an offset or a Z (nanoseconds are cut to milliseconds). */
export function isoFromZoned(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = DateTime.fromISO(v, { setZone: true });
  if (!t.isValid || !/(Z|[+-]\d\d:?\d\d)$/i.test(v.trim())) return undefined;
  return t.toUTC().toISO()!;
}

/**
 * ISO-8601 UTC from a naive local time ("2019-12-03 14:09:34", "2022/12/20 19:15:52"),
 * read in `zone` (an IANA name or a fixed offset such as "UTC+8").
 */
export function isoFromLocal(v: unknown, zone: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  const text = v.trim().replace(/\//g, '-').replace(' ', 'T');
  const t = DateTime.fromISO(text, { zone });
  return t.isValid ? t.toUTC().toISO()! : undefined;
}

/** The envelope's time, else the time of receipt. */
export function timeOf(input: AdapterInput): string {
  return input.time ?? new Date(input.receivedAt).toISOString();
}

export function rejection(reason: string, detail: string): Rejection {
  return { reason, detail };
}

export function result(events: NormalisedEvent[] = [], rejections: Rejection[] = []): AdapterResult {
  return { events, rejections };
}

/** The whole payload is not this adapter's shape. */
export function notShape(adapter: string, expected: string): AdapterResult {
  return result([], [rejection('shape', `not a ${adapter} payload: expected ${expected}`)]);
}

/** Reads a key whatever its case (firmware versions spell keys differently). */
export function anyCase(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/**
 * The fields an adapter fed through a network-server envelope takes from its input:
 * the envelope's device, its time (else the time of receipt) and its f_cnt.
 * Undefined when no envelope named the device, since a decoded body alone does not.
 */
export function fromEnvelope(input: AdapterInput): { device: string; ts: string; seq?: number } | undefined {
  if (!input.device) return undefined;
  return { device: input.device, ts: timeOf(input), ...(input.seq !== undefined && { seq: input.seq }) };
}

/** The rejection for a decoded body that reached an envelope-fed adapter with no device id. */
export function noDevice(adapter: string): AdapterResult {
  return result([], [rejection('shape', `${adapter} payloads do not name their device: send them through a network-server envelope (tts-v3, chirpstack-v4, milesight-gw) that does`)]);
}

/** Where and when a reading was taken: the fields every event read from it shares. */
export interface ReadingAt {
  device: string;
  channel: string;
  ts: string;
  seq?: number;
  backfill?: boolean;
}

/**
 * The door event of a counter that reports both interval counts and running totals
 * (keys name the pair in `o`): the interval counts when both are there, else the totals
 * with the counter's `width`, else nothing. A pair that is present but not two counts is
 * rejected, naming `what` (e.g. "line 2 of VS133 24e1..."), and the other pair still used.
 */
export function intervalOrTotals(
  o: Record<string, unknown>,
  keys: { in: string; out: string; inTotal: string; outTotal: string },
  at: ReadingAt,
  what: string,
  width?: number,
): AdapterResult {
  const pair = (a: string, b: string): [number, number] | Rejection | undefined => {
    if (o[a] === undefined && o[b] === undefined) return undefined;
    const x = count(o[a]);
    const y = count(o[b]);
    if (x !== undefined && y !== undefined) return [x, y];
    return rejection('shape', `${what}: ${a}=${JSON.stringify(o[a])} and ${b}=${JSON.stringify(o[b])} are not both whole counts, so they were not kept; check the device's payload decoder`);
  };
  const rejections: Rejection[] = [];
  const interval = pair(keys.in, keys.out);
  if (Array.isArray(interval)) return result([{ type: 'door', ...at, in: interval[0], out: interval[1] }]);
  if (interval) rejections.push(interval);
  const totals = pair(keys.inTotal, keys.outTotal);
  if (Array.isArray(totals)) {
    return result([{ type: 'door', ...at, inTotal: totals[0], outTotal: totals[1], ...(width !== undefined && { width }) }], rejections);
  }
  if (totals) rejections.push(totals);
  return result([], rejections);
}

/**
 * The heartbeat a payload gives: with its battery level (percent) when it has one, on
 * channel 'battery' when `beside` other readings (so that it never shares their key),
 * else on the device's own channel ''. Beside other readings and with no battery, none.
 */
export function batteryBeat(at: Omit<ReadingAt, 'channel'>, battery: unknown, beside: boolean): NormalisedEvent[] {
  const pct = count(battery);
  const level = pct !== undefined && pct <= 100 ? pct : undefined;
  if (beside && level === undefined) return [];
  return [{ type: 'heartbeat', ...at, channel: beside ? 'battery' : '', ...(level !== undefined && { battery: level }) }];
}

/**
 * One event per (device, channel, ts, seq), the key the store keeps one reading by: later
 * events replace earlier ones (revised values), except that with `sum` door counts add up
 * (several crossings reported for the same instant).
 */
export function oneEventPerKey(events: NormalisedEvent[], sum = false): NormalisedEvent[] {
  const byKey = new Map<string, NormalisedEvent>();
  for (const e of events) {
    const key = JSON.stringify([e.device, e.channel, e.ts, e.seq ?? null]);
    const prev = byKey.get(key);
    if (sum && prev && 'in' in prev && 'in' in e) byKey.set(key, { ...prev, in: prev.in + e.in, out: prev.out + e.out });
    else byKey.set(key, e);
  }
  return [...byKey.values()];
}
