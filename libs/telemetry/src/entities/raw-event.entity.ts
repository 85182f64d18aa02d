import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EVENT_KINDS = ['door', 'desk', 'zone', 'heartbeat'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const bigintAsNumber = { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One normalised sensor reading, as it arrived. The table is partitioned by
 * month on `captured_at` (declared in the migration, not here), and its
 * primary key is the natural key of a reading, so a redelivered or replayed
 * message can never be stored twice. No column can hold anything about a
 * patron: readings are counts and seat states.
 */
@Entity('raw_event')
export class RawEventEntity {
  @PrimaryColumn({ name: 'sensor_id', type: 'int', primaryKeyConstraintName: 'pk_raw_event' })
  sensorId!: number;

  /** The device's own timestamp for the reading (interval end for counts). */
  @PrimaryColumn({ name: 'captured_at', type: 'timestamptz', primaryKeyConstraintName: 'pk_raw_event' })
  capturedAt!: Date;

  /** A multi-line counter's line; '' when the device has one. */
  @PrimaryColumn({ type: 'varchar', length: 64, default: '', primaryKeyConstraintName: 'pk_raw_event' })
  channel!: string;

  /** The device's sequence number; -1 when it sent none. */
  @PrimaryColumn({ type: 'bigint', default: -1, primaryKeyConstraintName: 'pk_raw_event', transformer: bigintAsNumber })
  seq!: number;

  @Column({ type: 'enum', enum: EVENT_KINDS, enumName: 'event_kind' })
  kind!: EventKind;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** Door: people counted in during the interval (after cumulative totals are turned into deltas). */
  @Column({ name: 'in_count', type: 'int', nullable: true })
  inCount!: number | null;

  @Column({ name: 'out_count', type: 'int', nullable: true })
  outCount!: number | null;

  /** Door with a cumulative counter: the totals as the device sent them. */
  @Column({ name: 'in_total', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  inTotal!: number | null;

  @Column({ name: 'out_total', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  outTotal!: number | null;

  /** Desk: whether the seat is taken. */
  @Column({ type: 'boolean', nullable: true })
  occupied!: boolean | null;

  /** Zone: the number of people the sensor sees. */
  @Column({ type: 'int', nullable: true })
  headcount!: number | null;

  /** Heartbeat: battery level in percent. */
  @Column({ name: 'battery_pct', type: 'real', nullable: true })
  batteryPct!: number | null;
}
