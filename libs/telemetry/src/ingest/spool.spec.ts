import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spool, SpoolReader } from './spool.js';

const readers = new WeakMap<Spool, SpoolReader>();
/** Reads what the spool has written, as the storing thread does (one reader per spool). */
function read(spool: Spool, from: number, maxRecords: number, maxBytes?: number) {
  let reader = readers.get(spool);
  if (!reader) readers.set(spool, (reader = new SpoolReader(spool.dir)));
  return reader.read(from, spool.flushedEnd, maxRecords, maxBytes);
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-spool-'));
const payload = (i: number) => Buffer.from(JSON.stringify({ type: 'desk', ts: '2026-11-22T10:00:00Z', occupied: i % 2 === 0, seq: i }));

describe('Spool', () => {
  it('reads back what was appended, in order, with topics and receive times', () => {
    const spool = Spool.open(tmp());
    for (let i = 0; i < 100; i++) spool.append(1_000 + i, `hearth/v1/site/desk-${i}`, payload(i));
    const records = read(spool, spool.committedPosition, 1000);
    expect(records).toHaveLength(100);
    expect(records[42]).toMatchObject({ receivedAt: 1042, topic: 'hearth/v1/site/desk-42' });
    expect(JSON.parse(records[42]!.payload.toString()).seq).toBe(42);
    expect(records[99]!.end).toBe(spool.end);
    spool.close();
  });

  it('replays after a restart exactly what was not committed', () => {
    const dir = tmp();
    const spool = Spool.open(dir);
    for (let i = 0; i < 10; i++) spool.append(i, 't', payload(i));
    const first = read(spool, spool.committedPosition, 4);
    spool.commit(first[3]!.end);
    expect(spool.uncommittedBytes).toBeGreaterThan(0);
    spool.close(); // no orderly shutdown is needed: the bytes are on disk already

    const again = Spool.open(dir);
    const rest = read(again, again.committedPosition, 100);
    expect(rest.map((r) => JSON.parse(r.payload.toString()).seq)).toEqual([4, 5, 6, 7, 8, 9]);
    again.commit(rest[5]!.end);
    expect(again.uncommittedBytes).toBe(0);
    again.close();
    const third = Spool.open(dir);
    expect(read(third, third.committedPosition, 100)).toEqual([]);
    third.close();
  });

  it('cuts off a torn tail and keeps every whole record before it', () => {
    const dir = tmp();
    const spool = Spool.open(dir);
    for (let i = 0; i < 5; i++) spool.append(i, 't', payload(i));
    spool.close();
    const seg = fs.readdirSync(dir).find((f) => f.startsWith('seg-'))!;
    const file = path.join(dir, seg);
    fs.appendFileSync(file, Buffer.from([200, 0, 0, 0, 1, 2, 3])); // half a record
    const reopened = Spool.open(dir);
    expect(read(reopened, reopened.committedPosition, 100)).toHaveLength(5);
    reopened.append(99, 't', payload(99));
    expect(read(reopened, reopened.committedPosition, 100).map((r) => r.receivedAt)).toEqual([0, 1, 2, 3, 4, 99]);
    reopened.close();
  });

  it('stops at a corrupted record rather than reading garbage', () => {
    const dir = tmp();
    const spool = Spool.open(dir);
    for (let i = 0; i < 5; i++) spool.append(i, 't', payload(i));
    spool.close();
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('seg-'))!);
    const data = fs.readFileSync(file);
    let fourth = 0;
    for (let i = 0; i < 3; i++) fourth += 8 + data.readUInt32LE(fourth);
    data[fourth + 20] ^= 0xff; // flip a byte inside the fourth record
    fs.writeFileSync(file, data);
    const reopened = Spool.open(dir);
    expect(read(reopened, reopened.committedPosition, 100)).toHaveLength(3);
    reopened.close();
  });

  it('rotates segments and deletes those fully committed', () => {
    const dir = tmp();
    const spool = Spool.open(dir, { segmentBytes: 1024 });
    for (let i = 0; i < 200; i++) spool.append(i, 'hearth/v1/s/d', payload(i));
    const segments = () => fs.readdirSync(dir).filter((f) => f.startsWith('seg-')).length;
    expect(segments()).toBeGreaterThan(10);
    let from = spool.committedPosition;
    const seen: number[] = [];
    for (;;) {
      const batch = read(spool, from, 7);
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.receivedAt));
      from = batch[batch.length - 1]!.end;
      spool.commit(from);
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(segments()).toBe(1);
    expect(spool.uncommittedBytes).toBe(0);
    spool.close();
  });

  it('refuses a second opener while the first holds the spool', () => {
    const dir = tmp();
    const first = Spool.open(dir);
    expect(() => Spool.open(dir)).not.toThrow(); // the same process may reopen (a restart in tests)
    fs.writeFileSync(path.join(dir, 'lock'), String(process.ppid)); // another live process holds it
    expect(() => Spool.open(dir)).toThrow(/in use by process/);
    first.close();
  });

  it('handles a record larger than its read buffer', () => {
    const spool = Spool.open(tmp());
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    spool.append(1, 't', payload(1));
    spool.append(2, 't', big);
    spool.append(3, 't', payload(3));
    const records = read(spool, spool.committedPosition, 10, 64 * 1024 * 1024);
    expect(records.map((r) => r.payload.length)).toEqual([payload(1).length, big.length, payload(3).length]);
    spool.close();
  });
});

describe('Spool staging', () => {
  it('writes nothing until flushed, then every staged record in order', () => {
    const dir = tmp();
    const spool = Spool.open(dir);
    for (let i = 0; i < 3000; i++) spool.stage(i, 't', payload(i));
    expect(read(spool, spool.committedPosition, 10_000)).toHaveLength(0);
    spool.flush();
    const records = read(spool, spool.committedPosition, 10_000);
    expect(records.map((r) => r.receivedAt)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    spool.close();
  });

  it('flushes staged records on rotation, so segments stay in order', () => {
    const spool = Spool.open(tmp(), { segmentBytes: 2048 });
    for (let i = 0; i < 500; i++) spool.stage(i, 't', payload(i));
    spool.flush();
    let from = spool.committedPosition;
    const seen: number[] = [];
    for (;;) {
      const batch = read(spool, from, 100);
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.receivedAt));
      from = batch[batch.length - 1]!.end;
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    spool.close();
  });

  it('lets a reader elsewhere tail it across segments, never past what was written', () => {
    const dir = tmp();
    const spool = Spool.open(dir, { segmentBytes: 4096 });
    const reader = new SpoolReader(dir);
    const seqs: number[] = [];
    let from = spool.committedPosition;
    for (let i = 0; i < 300; i++) {
      spool.stage(i, 't', payload(i));
      // Staged records are not in the file yet: the appender's written end excludes them.
      if (i % 7 === 0) expect(reader.read(from, spool.flushedEnd, 1000).length + seqs.length).toBe(i);
      spool.flush();
      if (i % 5 === 0) {
        // The reader opens the segment being written, which is closed and grows no more later on.
        for (const r of reader.read(from, spool.flushedEnd, 3)) {
          seqs.push(JSON.parse(r.payload.toString()).seq);
          from = r.end;
        }
      }
    }
    for (let batch = reader.read(from, spool.flushedEnd, 50); batch.length > 0; batch = reader.read(from, spool.flushedEnd, 50)) {
      for (const r of batch) seqs.push(JSON.parse(r.payload.toString()).seq);
      from = batch[batch.length - 1]!.end;
    }
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('seg-')).length).toBeGreaterThan(5);
    expect(seqs).toEqual([...Array(300).keys()]);
    expect(from).toBe(spool.end);
    reader.close();
    spool.close();
  });
});
