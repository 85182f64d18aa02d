import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * The ingest spool: an append-only log on local disk that every message is
 * written to before the broker is acknowledged, so a message Hearth has
 * acknowledged survives `kill -9` at any instant (the bytes are in the
 * kernel once `write` returns). A writer tails the log into PostgreSQL and
 * records how far it has committed; at start-up whatever lies past that
 * checkpoint is replayed, and idempotent inserts make the replay harmless.
 *
 * Layout: `<dir>/seg-<n>.log` segments and a `checkpoint` file. A record is
 *   u32 length of the rest | u32 crc32 of the rest | f64 received-at (ms) |
 *   u16 topic length | topic (utf8) | payload
 * A torn or corrupt tail (a power cut mid-write) is cut off at open.
 */

const HEADER = 8; // length + crc
const FIXED = 8 + 2; // received-at + topic length
const SEGMENT_RE = /^seg-(\d{9})\.log$/;

/** A position in the spool: segment number * 2^32 + byte offset. */
export type SpoolPosition = number;
const SEG_FACTOR = 2 ** 32;
export const position = (segment: number, offset: number): SpoolPosition => segment * SEG_FACTOR + offset;
const segmentOf = (p: SpoolPosition) => Math.floor(p / SEG_FACTOR);
const offsetOf = (p: SpoolPosition) => p % SEG_FACTOR;

export interface SpoolRecord {
  receivedAt: number;
  topic: string;
  /** A view into the reader's buffer: valid until the next `read()`. */
  payload: Buffer;
  /** Where the next record starts: commit this to mark the record stored. */
  end: SpoolPosition;
}

export interface SpoolOptions {
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
}

export class Spool {
  private readonly segmentBytes: number;
  private writeSegment = 0;
  private writeOffset = 0;
  private writeFd = -1;
  private committed: SpoolPosition = 0;
  private checkpointFd = -1;
  /** Bytes appended but not yet committed, across segments. */
  private pendingBytes = 0;
  private readonly segmentSizes = new Map<number, number>();
  /** Position just past the last record written to the file (staged records are not). */
  private flushed: SpoolPosition = 0;

  private constructor(
    readonly dir: string,
    opts: SpoolOptions,
  ) {
    this.segmentBytes = opts.segmentBytes ?? 64 * 1024 * 1024;
  }

  /** Opens (or creates) the spool in `dir`, repairing a torn tail. */
  static open(dir: string, opts: SpoolOptions = {}): Spool {
    const spool = new Spool(dir, opts);
    spool.init();
    return spool;
  }

  private init(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    this.lock();
    const checkpointPath = path.join(this.dir, 'checkpoint');
    this.committed = readCheckpoint(checkpointPath);
    this.checkpointFd = fs.openSync(checkpointPath, fs.existsSync(checkpointPath) ? 'r+' : 'w+');

    const segments = this.listSegments();
    for (const seg of segments) {
      if (seg < segmentOf(this.committed)) fs.rmSync(this.segmentPath(seg), { force: true });
    }
    const live = segments.filter((s) => s >= segmentOf(this.committed));
    if (live.length === 0) {
      this.writeSegment = Math.max(1, segmentOf(this.committed) + (offsetOf(this.committed) > 0 ? 1 : 0));
      this.committed = position(this.writeSegment, 0);
    } else {
      for (const seg of live) {
        const valid = this.validLength(seg);
        if (valid < fs.statSync(this.segmentPath(seg)).size) fs.truncateSync(this.segmentPath(seg), valid);
        this.segmentSizes.set(seg, valid);
      }
      this.writeSegment = live[live.length - 1]!;
      const first = live[0]!;
      if (segmentOf(this.committed) < first) this.committed = position(first, 0);
      // A checkpoint past the data kept (its tail was cut) resumes at the end of what is there.
      const size = this.segmentSizes.get(segmentOf(this.committed)) ?? 0;
      if (offsetOf(this.committed) > size) this.committed = position(segmentOf(this.committed), size);
    }
    this.writeFd = fs.openSync(this.segmentPath(this.writeSegment), 'a');
    this.writeOffset = this.segmentSizes.get(this.writeSegment) ?? 0;
    this.segmentSizes.set(this.writeSegment, this.writeOffset);
    this.pendingBytes = this.bytesBetween(this.committed, this.end);
    this.flushed = this.end;
    this.writeCheckpoint(this.committed);
  }

  /** Position just past the last appended record. */
  get end(): SpoolPosition {
    return position(this.writeSegment, this.writeOffset);
  }

  /** Position just past the last record that is in the file: what a reader may read up to. */
  get flushedEnd(): SpoolPosition {
    return this.flushed;
  }

  get committedPosition(): SpoolPosition {
    return this.committed;
  }

  /** Bytes appended and not yet committed: what a replay would have to read. */
  get uncommittedBytes(): number {
    return this.pendingBytes;
  }

  private pending: Buffer[] = [];

  /**
   * Appends one message and writes it at once; returns the position just past
   * it. Synchronous by design: when it returns, the bytes are the kernel's.
   */
  append(receivedAt: number, topic: string, payload: Buffer): SpoolPosition {
    const end = this.stage(receivedAt, topic, payload);
    this.flush();
    return end;
  }

  /**
   * Adds a message to the records to be written by the next `flush()`, which
   * writes them all with one system call. Nothing staged is safe until then.
   */
  stage(receivedAt: number, topic: string, payload: Buffer): SpoolPosition {
    const topicLen = Buffer.byteLength(topic);
    const restLen = FIXED + topicLen + payload.length;
    const buf = Buffer.allocUnsafe(HEADER + restLen);
    buf.writeUInt32LE(restLen, 0);
    buf.writeDoubleLE(receivedAt, HEADER);
    buf.writeUInt16LE(topicLen, HEADER + 8);
    buf.write(topic, HEADER + FIXED, topicLen, 'utf8');
    payload.copy(buf, HEADER + FIXED + topicLen);
    buf.writeUInt32LE(crc32(buf.subarray(HEADER)), 4);
    if (this.writeOffset > 0 && this.writeOffset + buf.length > this.segmentBytes) {
      this.flush();
      this.rotate();
      this.flushed = this.end;
    }
    this.pending.push(buf);
    this.writeOffset += buf.length;
    this.segmentSizes.set(this.writeSegment, this.writeOffset);
    this.pendingBytes += buf.length;
    return this.end;
  }

  /** Writes every staged record, in order, with as few system calls as possible. */
  flush(): void {
    let buffers = this.pending;
    if (buffers.length === 0) return;
    this.pending = [];
    const end = this.end;
    while (buffers.length > 0) {
      let written = fs.writevSync(this.writeFd, buffers.length > 1024 ? buffers.slice(0, 1024) : buffers);
      // A short write is possible in principle: drop what went out and write the rest.
      let i = 0;
      while (i < buffers.length && written >= buffers[i]!.length) written -= buffers[i++]!.length;
      if (i < buffers.length && written > 0) buffers[i] = buffers[i]!.subarray(written);
      buffers = buffers.slice(i);
    }
    this.flushed = end;
  }

  /** Marks everything before `to` as stored: checkpoints it and drops finished segments. */
  commit(to: SpoolPosition): void {
    if (to <= this.committed) return;
    this.pendingBytes -= this.bytesBetween(this.committed, to);
    const oldSegment = segmentOf(this.committed);
    this.committed = to;
    this.writeCheckpoint(to);
    for (let seg = oldSegment; seg < segmentOf(to); seg++) this.dropSegment(seg);
  }

  close(): void {
    if (this.writeFd >= 0) this.flush();
    for (const fd of [this.writeFd, this.checkpointFd]) if (fd >= 0) fs.closeSync(fd);
    this.writeFd = this.checkpointFd = -1;
    fs.rmSync(path.join(this.dir, 'lock'), { force: true });
  }

  /** One process per spool: two writers appending to one log would interleave records. */
  private lock(): void {
    const file = path.join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number(fs.readFileSync(file, 'utf8'));
        if (owner === process.pid || !isAlive(owner)) {
          fs.rmSync(file, { force: true }); // left by a process that died
          continue;
        }
        throw new Error(`The spool ${this.dir} is in use by process ${owner}. Give each ingest process its own MQTT_CLIENT_ID or DATA_DIR.`);
      }
    }
  }

  private rotate(): void {
    fs.closeSync(this.writeFd);
    this.writeSegment += 1;
    this.writeOffset = 0;
    this.writeFd = fs.openSync(this.segmentPath(this.writeSegment), 'a');
    this.segmentSizes.set(this.writeSegment, 0);
  }

  private dropSegment(seg: number): void {
    if (seg === this.writeSegment) return;
    this.segmentSizes.delete(seg);
    fs.rmSync(this.segmentPath(seg), { force: true });
  }

  private bytesBetween(from: SpoolPosition, to: SpoolPosition): number {
    const a = segmentOf(from);
    const b = segmentOf(to);
    if (a === b) return offsetOf(to) - offsetOf(from);
    let total = (this.segmentSizes.get(a) ?? 0) - offsetOf(from);
    for (let s = a + 1; s < b; s++) total += this.segmentSizes.get(s) ?? 0;
    return total + offsetOf(to);
  }

  private writeCheckpoint(p: SpoolPosition): void {
    const buf = Buffer.allocUnsafe(12);
    buf.writeDoubleLE(p, 0);
    buf.writeUInt32LE(crc32(buf.subarray(0, 8)), 8);
    fs.writeSync(this.checkpointFd, buf, 0, 12, 0);
  }

  /** Length of the segment's prefix made of whole records with good checksums. */
  private validLength(seg: number): number {
    const data = fs.readFileSync(this.segmentPath(seg));
    let at = 0;
    while (at + HEADER <= data.length) {
      const restLen = data.readUInt32LE(at);
      if (restLen < FIXED || at + HEADER + restLen > data.length) break;
      if (crc32(data.subarray(at + HEADER, at + HEADER + restLen)) !== data.readUInt32LE(at + 4)) break;
      at += HEADER + restLen;
    }
    return at;
  }

  private listSegments(): number[] {
    return fs
      .readdirSync(this.dir)
      .map((f) => SEGMENT_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  private segmentPath(seg: number): string {
    return segmentFile(this.dir, seg);
  }
}

/**
 * Reads a spool's records, possibly from another thread than the one
 * appending: it reads only up to the position it is given (what the appender
 * has written), so it never sees a record being written. A closed segment is
 * read to its end; segments are numbered in order without reuse.
 */
export class SpoolReader {
  private fd = -1;
  private fdSegment = -1;
  private fdSize = 0;
  /** Whether `fdSize` was taken after the segment was closed (so it is final). */
  private fdSizeFinal = false;
  private buffer = Buffer.allocUnsafe(1 << 20);

  constructor(readonly dir: string) {}

  /** Up to `maxRecords` records (and about `maxBytes`) from `from` (a record boundary), none past `to`. */
  read(from: SpoolPosition, to: SpoolPosition, maxRecords: number, maxBytes = 8 * 1024 * 1024): SpoolRecord[] {
    const out: SpoolRecord[] = [];
    let seg = segmentOf(from);
    let offset = offsetOf(from);
    let bytes = 0;
    const lastSegment = segmentOf(to);
    while (out.length < maxRecords && bytes < maxBytes && seg <= lastSegment) {
      const fd = this.fdFor(seg, seg < lastSegment);
      if (fd >= 0 && seg < lastSegment && !this.fdSizeFinal) {
        // Opened while it was still being written; it is closed now.
        this.fdSize = fs.fstatSync(fd).size;
        this.fdSizeFinal = true;
      }
      const size = seg === lastSegment ? offsetOf(to) : this.fdSize;
      if (fd < 0 || offset >= size) {
        if (seg === lastSegment) break;
        seg += 1;
        offset = 0;
        continue;
      }
      // Records already taken are views into the buffer: a second fill in this call gets a buffer of its own.
      if (out.length > 0) this.buffer = Buffer.allocUnsafe(this.buffer.length);
      const got = fs.readSync(fd, this.buffer, 0, Math.min(size - offset, this.buffer.length), offset);
      let at = 0;
      while (at + HEADER <= got && out.length < maxRecords) {
        const total = HEADER + this.buffer.readUInt32LE(at);
        if (total > this.buffer.length) {
          // One record larger than the buffer: grow it and read again.
          this.buffer = Buffer.allocUnsafe(total * 2);
          break;
        }
        if (at + total > got) break;
        const topicLen = this.buffer.readUInt16LE(at + HEADER + 8);
        const topicStart = at + HEADER + FIXED;
        out.push({
          receivedAt: this.buffer.readDoubleLE(at + HEADER),
          topic: this.buffer.toString('utf8', topicStart, topicStart + topicLen),
          // A view, not a copy: valid until the next `read()`; copy what must outlive it.
          payload: this.buffer.subarray(topicStart + topicLen, at + total),
          end: position(seg, offset + at + total),
        });
        at += total;
        bytes += total;
      }
      if (at === 0 && got > 0 && out.length < maxRecords) continue; // the buffer grew; read this offset again
      offset += at;
      if (at === 0) break;
    }
    return out;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.fdSegment = -1;
  }

  /** The segment's descriptor, -1 when the file is gone (already stored and dropped). */
  private fdFor(seg: number, closed: boolean): number {
    if (this.fdSegment !== seg) {
      this.close();
      try {
        this.fd = fs.openSync(segmentFile(this.dir, seg), 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        return -1;
      }
      this.fdSegment = seg;
      this.fdSize = fs.fstatSync(this.fd).size;
      this.fdSizeFinal = closed;
    }
    return this.fd;
  }
}

const segmentFile = (dir: string, seg: number) => path.join(dir, `seg-${String(seg).padStart(9, '0')}.log`);

function readCheckpoint(file: string): SpoolPosition {
  try {
    const buf = fs.readFileSync(file);
    if (buf.length < 12 || crc32(buf.subarray(0, 8)) !== buf.readUInt32LE(8)) return 0;
    const p = buf.readDoubleLE(0);
    return Number.isSafeInteger(p) && p >= 0 ? p : 0;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
