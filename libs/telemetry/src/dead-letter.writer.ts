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

/** Keeps what could not be accepted, with the reason; payloads are cut to their first 16 KB. */
export class DeadLetterWriter {
  constructor(private readonly sql: SqlClient) {}

  async write(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.sql.query(
      `INSERT INTO dead_letter (source, topic, site_key, sensor_key, reason, detail, payload, payload_bytes)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[], $7::bytea[], $8::int[])`,
      [
        letters.map((l) => l.source),
        letters.map((l) => l.topic?.slice(0, 512) ?? null),
        letters.map((l) => l.siteKey?.slice(0, 63) ?? null),
        letters.map((l) => l.sensorKey?.slice(0, 128) ?? null),
        letters.map((l) => l.reason),
        letters.map((l) => l.detail.slice(0, 2000)),
        letters.map((l) => l.payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT)),
        letters.map((l) => l.payloadBytes ?? l.payload.length),
      ],
    );
  }
}
