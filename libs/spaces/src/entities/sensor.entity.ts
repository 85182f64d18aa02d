import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { SENSOR_KINDS, type SensorKind, type SourceInput } from '@hearth/contracts';
import { FloorEntity } from './floor.entity.js';
import { SiteEntity } from './site.entity.js';
import { ZoneEntity } from './zone.entity.js';

export const SENSOR_STATUSES = ['active', 'retired', 'unclaimed'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

/**
 * A counting device: a door counter, a desk/seat sensor or a zone headcount
 * sensor. A sensor that publishes before it is declared is "unclaimed": it has
 * no site yet and its events are kept until someone claims it.
 */
@Entity('sensor')
@Index('uq_sensor_site_key', ['siteId', 'key'], { unique: true })
@Index('uq_sensor_unclaimed_key', ['announcedSiteKey', 'key'], { unique: true, where: 'site_id IS NULL' })
@Index('ix_sensor_zone', ['zoneId'])
export class SensorEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_sensor' })
  id!: number;

  @Column({ name: 'site_id', type: 'int', nullable: true })
  siteId!: number | null;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_sensor_site' })
  site?: Relation<SiteEntity>;

  /** Unclaimed sensors: the site key their topic named ('' once declared in a site). */
  @Column({ name: 'announced_site_key', type: 'varchar', length: 63, default: '' })
  announcedSiteKey!: string;

  /** The sensor's external id, as in the site file and the MQTT topic. */
  @Column({ type: 'varchar', length: 128 })
  key!: string;

  @Column({ type: 'enum', enum: SENSOR_KINDS, enumName: 'sensor_kind', nullable: true })
  kind!: SensorKind | null;

  /** Payload format: "hearth" or a vendor adapter's name. */
  @Column({ type: 'varchar', length: 60, default: 'hearth' })
  adapter!: string;

  @Column({ type: 'enum', enum: SENSOR_STATUSES, enumName: 'sensor_status', default: 'active' })
  status!: SensorStatus;

  @Column({ name: 'floor_id', type: 'int', nullable: true })
  floorId!: number | null;

  @ManyToOne(() => FloorEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'floor_id', foreignKeyConstraintName: 'fk_sensor_floor' })
  floor?: Relation<FloorEntity>;

  @Column({ name: 'position_x_m', type: 'double precision', nullable: true })
  positionXM!: number | null;

  @Column({ name: 'position_y_m', type: 'double precision', nullable: true })
  positionYM!: number | null;

  /** Desk and zone sensors: the zone they count. */
  @Column({ name: 'zone_id', type: 'int', nullable: true })
  zoneId!: number | null;

  @ManyToOne(() => ZoneEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'fk_sensor_zone' })
  zone?: Relation<ZoneEntity>;

  /** Doors: where "in" leads (a zone; null is outside the building). */
  @Column({ name: 'door_in_zone_id', type: 'int', nullable: true })
  doorInZoneId!: number | null;

  @ManyToOne(() => ZoneEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'door_in_zone_id', foreignKeyConstraintName: 'fk_sensor_door_in_zone' })
  doorInZone?: Relation<ZoneEntity>;

  /** Doors: where "out" leads (a zone; null is outside the building). */
  @Column({ name: 'door_out_zone_id', type: 'int', nullable: true })
  doorOutZoneId!: number | null;

  @ManyToOne(() => ZoneEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'door_out_zone_id', foreignKeyConstraintName: 'fk_sensor_door_out_zone' })
  doorOutZone?: Relation<ZoneEntity>;

  /** Cumulative counters: the value at which the counter wraps back to 0. */
  /** Vendor devices: the device and channel the readings come from (see the site file's `source`). */
  @Column({ type: 'jsonb', nullable: true })
  source!: SourceInput | null;

  @Column({ name: 'counter_rollover', type: 'bigint', nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  counterRollover!: number | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'battery_pct', type: 'real', nullable: true })
  batteryPct!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
