import type { SqlClient } from './sql-client.js';

export const DEAD_LETTER_PAYLOAD_LIMIT = 16 * 1024;

export interface DeadLetter {
  source: 'mqtt' | 'http';
  topic?: string;
  siteKey?: string;
  sensorKey?: string;
  reason: string;
  detail: string;
  payload: Buffer;
  /** The payload's full size when `payload` holds only its first bytes. */
  payloadBytes?: number;
}

/**
 * PostgreSQL text cannot hold U+0000, and a letter's detail often quotes what
 * the device sent (the JSON parser's message does): each NUL is written as
 * U+FFFD, the replacement character, so the letter can be kept at all.
 */
const text = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
const optionalText = (s: string | undefined, max: number): string | null => (s === undefined ? null : text(s.slice(0, max)));

/**
 * Keeps what could not be accepted, with the reason; payloads are cut to their
 * first 16 KB and kept byte for byte (bytea), NUL bytes included.
 */
export class DeadLetterWriter {
  constructor(private readonly sql: SqlClient) {}

  async write(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.sql.query(
      `INSERT INTO dead_letter (source, topic, site_key, sensor_key, reason, detail, payload, payload_bytes)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[], $7::bytea[], $8::int[])`,
      [
        letters.map((l) => l.source),
        letters.map((l) => optionalText(l.topic, 512)),
        letters.map((l) => optionalText(l.siteKey, 63)),
        letters.map((l) => optionalText(l.sensorKey, 128)),
        letters.map((l) => text(l.reason.slice(0, 64))),
        letters.map((l) => text(l.detail.slice(0, 2000))),
        letters.map((l) => l.payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT)),
        letters.map((l) => l.payloadBytes ?? l.payload.length),
      ],
    );
  }
}
