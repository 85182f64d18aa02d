import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A payload Hearth could not accept, kept (bounded) with the reason so an
 * administrator can see what a device sent. It records where the payload came
 * from by topic or sensor key only: no network address is stored.
 */
@Entity('dead_letter')
@Index('ix_dead_letter_received_at', ['receivedAt'])
@Index('ix_dead_letter_reason', ['reason'])
export class DeadLetterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_dead_letter' })
  id!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** 'mqtt' or 'http'. */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  topic!: string | null;

  @Column({ name: 'site_key', type: 'varchar', length: 63, nullable: true })
  siteKey!: string | null;

  @Column({ name: 'sensor_key', type: 'varchar', length: 128, nullable: true })
  sensorKey!: string | null;

  /** A short machine-readable reason, e.g. 'invalid_json', 'schema', 'too_large', 'stale_timestamp'. */
  @Column({ type: 'varchar', length: 64 })
  reason!: string;

  @Column({ type: 'text' })
  detail!: string;

  /** The payload's first bytes (at most 16 KB are kept). */
  @Column({ type: 'bytea' })
  payload!: Buffer;

  @Column({ name: 'payload_bytes', type: 'int' })
  payloadBytes!: number;
}
