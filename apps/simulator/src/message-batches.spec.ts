import { MAX_PAYLOAD_BYTES, sensorMessageSchema } from '@hearth/contracts';
import type { SimulatedEvent } from '@hearth/simulation';
import { toPublications } from './message-batches.js';

const desk = (sensor: string, i: number): SimulatedEvent => ({
  site: 'branch',
  sensor,
  message: { type: 'desk', ts: new Date(Date.UTC(2026, 10, 3, 10, 0, i)).toISOString(), occupied: i % 2 === 0, seq: i + 1 },
});

describe('batching due messages into publishes', () => {
  it('sends a lone message as an object and several of one sensor as an array, in order', () => {
    const pubs = toPublications([desk('desk-1', 0), desk('desk-2', 0), desk('desk-1', 1), desk('desk-1', 2)]);
    expect(pubs.map((p) => [p.topic, p.messages])).toEqual([
      ['hearth/v1/branch/desk-1', 3],
      ['hearth/v1/branch/desk-2', 1],
    ]);
    const batch = JSON.parse(pubs[0]!.payload) as unknown[];
    expect(batch.map((m) => sensorMessageSchema.parse(m)).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(sensorMessageSchema.parse(JSON.parse(pubs[1]!.payload))).toMatchObject({ type: 'desk', occupied: true });
  });

  it('splits long runs by count and keeps every publish under the payload limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => desk('desk-1', i));
    expect(toPublications(many).map((p) => p.messages)).toEqual([50, 50, 20]);
    const huge = Array.from({ length: 3000 }, (_, i) => desk('desk-1', i));
    const pubs = toPublications(huge, 10_000);
    expect(pubs.length).toBeGreaterThan(1);
    expect(pubs.every((p) => Buffer.byteLength(p.payload) <= MAX_PAYLOAD_BYTES)).toBe(true);
    expect(pubs.reduce((s, p) => s + p.messages, 0)).toBe(3000);
  });
});
