import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterEntity } from './entities/dead-letter.entity.js';

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
@Injectable()
export class DeadLetterWriter {
  constructor(private readonly dataSource: DataSource) {}

  async write(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.dataSource.getRepository(DeadLetterEntity).insert(
      letters.map((l) => ({
        source: l.source,
        topic: l.topic?.slice(0, 512) ?? null,
        siteKey: l.siteKey?.slice(0, 63) ?? null,
        sensorKey: l.sensorKey?.slice(0, 128) ?? null,
        reason: l.reason,
        detail: l.detail.slice(0, 2000),
        payload: l.payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT),
        payloadBytes: l.payloadBytes ?? l.payload.length,
      })),
    );
  }
}
