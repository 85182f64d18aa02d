import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { SensorEntity, SiteEntity } from '@hearth/spaces/entities';

/**
 * A credential a device (or a gateway speaking for a whole site) uses to push
 * readings over HTTP or MQTT. Only the SHA-256 of the token is stored; the token
 * itself is shown once, when it is issued.
 */
@Entity('device_token')
@Index('uq_device_token_hash', ['tokenHash'], { unique: true })
@Index('ix_device_token_site', ['siteId'])
export class DeviceTokenEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_device_token' })
  id!: number;

  @Column({ name: 'site_id', type: 'int' })
  siteId!: number;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_device_token_site' })
  site?: Relation<SiteEntity>;

  /** The one sensor the token may push for; null: any sensor of the site. */
  @Column({ name: 'sensor_id', type: 'int', nullable: true })
  sensorId!: number | null;

  @ManyToOne(() => SensorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sensor_id', foreignKeyConstraintName: 'fk_device_token_sensor' })
  sensor?: Relation<SensorEntity>;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 120 })
  label!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
