import type { SensorMessage } from '@hearth/contracts';

/**
 * The contract's time: seconds, up to nine decimals, and an offset. The
 * offset is held to ±15:59, the widest PostgreSQL stores, as the schemas
 * hold it (ISO 8601 alone would allow ±23:59).
 */
const TS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-5]):[0-5]\d)$/;
/** Days in each month of a common year; February of a leap year has 29. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MAX_COUNT = 1_000_000;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
const isTotal = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const ALLOWED: Record<string, Set<string>> = {
  desk: new Set(['type', 'ts', 'seq', 'channel', 'occupied']),
  zone: new Set(['type', 'ts', 'seq', 'channel', 'count']),
  heartbeat: new Set(['type', 'ts', 'seq', 'channel', 'battery']),
  doorDelta: new Set(['type', 'ts', 'seq', 'channel', 'in', 'out']),
  doorTotal: new Set(['type', 'ts', 'seq', 'channel', 'inTotal', 'outTotal']),
};

/** The contract's time format, and a day that exists in its month (the schemas refuse 2026-02-30 and 2026-02-29). */
function validTime(ts: string): boolean {
  if (!TS.test(ts)) return false;
  // The format fixes the positions: YYYY-MM-DD.
  const digits = (at: number, n: number) => {
    let v = 0;
    for (let i = at; i < at + n; i++) v = v * 10 + ts.charCodeAt(i) - 48;
    return v;
  };
  const day = digits(8, 2);
  if (day <= 28) return true;
  const month = digits(5, 2);
  if (month !== 2) return day <= MONTH_DAYS[month - 1]!;
  const year = digits(0, 4);
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * A fast path for well-formed messages of the native contract. It accepts
 * only what the zod schemas accept (a test compares the two on many shapes);
 * anything it does not accept goes to the schemas, which also explain why.
 * Validation with the schemas alone costs about 20 us per message, which is
 * more than the whole budget per message at the ingestion target.
 */
export function fastValidate(item: unknown): SensorMessage | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const m = item as Record<string, unknown>;
  if (typeof m.ts !== 'string' || !validTime(m.ts)) return undefined;
  if (m.seq !== undefined && !isTotal(m.seq)) return undefined;
  if (m.channel !== undefined && (typeof m.channel !== 'string' || m.channel.length < 1 || m.channel.length > 64)) return undefined;
  let shape: string;
  switch (m.type) {
    case 'desk':
      if (typeof m.occupied !== 'boolean') return undefined;
      shape = 'desk';
      break;
    case 'zone':
      if (!isCount(m.count)) return undefined;
      shape = 'zone';
      break;
    case 'heartbeat':
      if (m.battery !== undefined && (typeof m.battery !== 'number' || !(m.battery >= 0 && m.battery <= 100))) return undefined;
      shape = 'heartbeat';
      break;
    case 'door':
      if (m.in !== undefined || m.out !== undefined) {
        if (!isCount(m.in) || !isCount(m.out)) return undefined;
        shape = 'doorDelta';
      } else {
        if (!isTotal(m.inTotal) || !isTotal(m.outTotal)) return undefined;
        shape = 'doorTotal';
      }
      break;
    default:
      return undefined;
  }
  const allowed = ALLOWED[shape]!;
  for (const key in m) if (!allowed.has(key)) return undefined;
  return m as unknown as SensorMessage;
}
