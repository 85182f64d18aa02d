import { sensorMessageSchema } from '@hearth/contracts';
import { createRng } from '@hearth/simulation';
import { decodePayload } from './decode.js';

/** Items of every type, valid and not, for comparing the decoder with the contract's union of schemas. */
function variants(): unknown[] {
  const rng = createRng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const ts = ['2026-11-22T10:15:00Z', '2026-11-22T10:15:00.5-03:00', '2026-11-22T10:15:00Z', '2026-11-22T10:15:00+20:00', '2026-11-22T10:15:00.1234567891Z', '2026-02-30T10:15:00Z', 'yesterday', 3];
  const nums = [0, 7, 1_000_000, 1_000_001, -1, 2.5, Number.MAX_SAFE_INTEGER, '3', null, true];
  const out: unknown[] = [];
  for (let i = 0; i < 5000; i++) {
    const m: Record<string, unknown> = { type: pick(['door', 'door', 'desk', 'zone', 'heartbeat', 'window', 7, null]), ts: pick(ts) };
    if (rng.next() < 0.5) m.seq = pick(nums);
    if (rng.next() < 0.2) m.channel = pick(['line-1', '', 'x'.repeat(65)]);
    const fields = ['in', 'out', 'inTotal', 'outTotal', 'occupied', 'count', 'battery'];
    for (const f of fields) if (rng.next() < (m.type === 'door' ? 0.3 : 0.06)) m[f] = f === 'occupied' ? pick([true, false, 'yes', null]) : pick(nums);
    if (rng.next() < 0.6 && m.type === 'desk') m.occupied = true;
    if (rng.next() < 0.6 && m.type === 'zone') m.count = 4;
    if (rng.next() < 0.6 && m.type === 'door') Object.assign(m, rng.next() < 0.5 ? { in: 1, out: 2 } : { inTotal: 10, outTotal: 9 });
    if (rng.next() < 0.05) m.extra = 1;
    if (rng.next() < 0.1) delete m.ts;
    out.push(m);
  }
  out.push(null, 'desk', 4, [], [[]]);
  return out;
}

describe('decodePayload', () => {
  it('accepts exactly what the contract accepts, item by item', () => {
    const payload = Buffer.from(JSON.stringify(variants()));
    const items = JSON.parse(payload.toString()) as unknown[];
    const decoded = decodePayload(payload);
    const expected = items.flatMap((item, index) => {
      const parsed = sensorMessageSchema.safeParse(item);
      return parsed.success ? [{ index, message: parsed.data }] : [];
    });
    expect(expected.length).toBeGreaterThan(300);
    expect(decoded.indexes).toEqual(expected.map((e) => e.index));
    expect(decoded.messages).toEqual(expected.map((e) => e.message));
    expect(decoded.failures.map((f) => f.index)).toEqual(items.map((_, i) => i).filter((i) => !decoded.indexes.includes(i)));
    expect(decoded.failures.every((f) => f.reason === 'schema')).toBe(true);
  });

  it('names the field at fault, for the type the item says it is', () => {
    const fail = (item: unknown) => decodePayload(Buffer.from(JSON.stringify(item))).failures;
    expect(fail({ type: 'desk', ts: '2026-11-22T10:15:00Z', occupied: 'yes' })).toEqual([{ reason: 'schema', detail: expect.stringMatching(/^occupied: .*boolean/) }]);
    expect(fail([{ type: 'door', ts: '2026-11-22T10:15:00Z', in: 1 }])).toEqual([{ reason: 'schema', index: 0, detail: expect.stringMatching(/^out: /) }]);
    expect(fail({ type: 'door', ts: '2026-11-22T10:15:00Z', inTotal: 1, outTotal: -1 })).toEqual([{ reason: 'schema', detail: expect.stringMatching(/^outTotal: /) }]);
    expect(fail({ type: 'door', ts: '2026-11-22T10:15:00Z', in: 1, out: 1, inTotal: 5, outTotal: 5 })[0]!.detail).toMatch(/inTotal/);
    expect(fail({ type: 'zone', ts: '2026-02-30T10:15:00Z', count: 3 })[0]!.detail).toMatch(/^ts: must be an ISO-8601 time/);
    expect(fail({ type: 'window', ts: '2026-11-22T10:15:00Z' })).toEqual([{ reason: 'schema', detail: '"type" must be one of door, desk, zone, heartbeat' }]);
    expect(fail([[{ type: 'desk' }]])).toEqual([{ reason: 'schema', index: 0, detail: '"type" must be one of door, desk, zone, heartbeat' }]);
  });
});
