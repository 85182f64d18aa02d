import { sensorMessageSchema } from '@hearth/contracts';
import { createRng } from '@hearth/simulation';
import { fastValidate } from './fast-validate.js';

/** Builds many message shapes, valid and subtly invalid, to compare the fast path with the schemas. */
function variants(): unknown[] {
  const rng = createRng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const tss = ['2026-11-22T10:15:00Z', '2026-11-22T10:15:00.123Z', '2026-11-22T10:15:00+01:00', '2026-11-22T10:15:00.123456789-05:30', '2026-11-22T10:15Z', '2026-11-22 10:15:00Z', '2026-13-22T10:15:00Z', '2026-11-22T24:00:00Z', '2026-11-22T10:15:00', 'yesterday', '', 1795000000000, null, '2026-11-22T10:15:00+15:59', '2026-11-22T10:15:00-15:59', '2026-02-30T10:15:00Z', '2026-04-31T10:15:00Z', '2026-02-29T10:15:00Z', '2028-02-29T10:15:00Z'];
  const nums = [0, 1, 3, 999999, 1000000, 1000001, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, '3', null, undefined, true];
  const bools = [true, false, 'true', 1, null, undefined];
  const out: unknown[] = [];
  for (let i = 0; i < 20000; i++) {
    const type = pick(['desk', 'zone', 'heartbeat', 'door', 'door', 'Desk', 'other', undefined]);
    const m: Record<string, unknown> = { type, ts: pick(tss) };
    if (rng.next() < 0.7) m.seq = pick(nums);
    if (rng.next() < 0.2) m.channel = pick(['line-1', '', 'x'.repeat(64), 'x'.repeat(65), 3]);
    if (type === 'desk' || rng.next() < 0.05) m.occupied = pick(bools);
    if (type === 'zone' || rng.next() < 0.05) m.count = pick(nums);
    if (type === 'heartbeat' || rng.next() < 0.05) m.battery = pick([0, 55.5, 100, 101, -1, '50', undefined]);
    if (type === 'door') {
      if (rng.next() < 0.5) Object.assign(m, { in: pick(nums), out: pick(nums) });
      else Object.assign(m, { inTotal: pick(nums), outTotal: pick(nums) });
      if (rng.next() < 0.05) Object.assign(m, { in: 1, out: 1, inTotal: 5, outTotal: 5 });
    }
    if (rng.next() < 0.03) m.extra = 1;
    for (const k of Object.keys(m)) if (m[k] === undefined && rng.next() < 0.5) delete m[k];
    out.push(m);
  }
  out.push(null, [], 'desk', 42, { type: 'desk', ts: '2026-11-22T10:15:00Z', occupied: true, __proto__: { x: 1 } });
  return out;
}

describe('fastValidate', () => {
  it('never accepts what the schemas reject, and agrees with them on the common shapes', () => {
    let fastAccepted = 0;
    let schemaAccepted = 0;
    for (const v of variants()) {
      const fast = fastValidate(v);
      const schema = sensorMessageSchema.safeParse(v);
      if (schema.success) schemaAccepted++;
      if (fast) {
        fastAccepted++;
        expect({ v, schemaAccepts: schema.success }).toEqual({ v, schemaAccepts: true });
        expect(fast).toEqual(schema.data);
      }
    }
    expect(fastAccepted).toBeGreaterThan(300);
    // What only the schemas accept still gets in, just more slowly; it should be rare.
    expect(fastAccepted / schemaAccepted).toBeGreaterThan(0.9);
  });

  it('accepts each example of the contract', () => {
    for (const m of [
      { type: 'door', ts: '2026-11-22T10:15:00Z', in: 3, out: 1, seq: 1042 },
      { type: 'door', ts: '2026-11-22T10:15:00Z', inTotal: 120456, outTotal: 119980, seq: 1043 },
      { type: 'desk', ts: '2026-11-22T10:15:00Z', occupied: true, seq: 77 },
      { type: 'zone', ts: '2026-11-22T10:15:00Z', count: 14, seq: 9 },
      { type: 'heartbeat', ts: '2026-11-22T10:15:00Z', battery: 87 },
      { type: 'desk', ts: '2026-11-22T10:15:00+02:00', occupied: false, channel: 'seat-2' },
    ])
      expect(fastValidate(m)).toEqual(m);
  });

  it('accepts only days that exist in their month, as the schemas do', () => {
    const days: [string, boolean][] = [
      ['2026-01-31', true],
      ['2026-02-28', true],
      ['2026-02-29', false],
      ['2026-02-30', false],
      ['2026-02-31', false],
      ['2028-02-29', true],
      ['2000-02-29', true],
      ['2100-02-29', false],
      ['1900-02-29', false],
      ['0000-02-29', true],
      ['2026-03-31', true],
      ['2026-04-30', true],
      ['2026-04-31', false],
      ['2026-06-31', false],
      ['2026-09-31', false],
      ['2026-11-31', false],
      ['2026-12-31', true],
      ['2026-12-32', false],
    ];
    for (const [day, valid] of days) {
      const m = { type: 'desk', ts: `${day}T10:15:00Z`, occupied: true };
      expect({ day, fast: fastValidate(m) !== undefined, schema: sensorMessageSchema.safeParse(m).success }).toEqual({ day, fast: valid, schema: valid });
    }
  });

  it('accepts offsets up to ±15:59, the widest PostgreSQL stores, and the schemas refuse wider ones too', () => {
    for (const offset of ['Z', '+00:00', '-00:00', '+05:30', '-09:30', '+14:00', '+15:59', '-15:59']) {
      const m = { type: 'desk', ts: `2026-11-22T10:15:00${offset}`, occupied: true };
      expect({ offset, fast: fastValidate(m) }).toEqual({ offset, fast: m });
      expect(sensorMessageSchema.safeParse(m).success).toBe(true);
    }
    for (const offset of ['+16:00', '-16:00', '+20:00', '-23:59', '+24:00', '+15:60']) {
      const m = { type: 'desk', ts: `2026-11-22T10:15:00${offset}`, occupied: true };
      expect({ offset, fast: fastValidate(m), schema: sensorMessageSchema.safeParse(m).success }).toEqual({ offset, fast: undefined, schema: false });
    }
  });
});
