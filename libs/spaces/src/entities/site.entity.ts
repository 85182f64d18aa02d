import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { IntegrationInput, LayoutChangeInput, OpeningHours } from '@hearth/contracts';
import { FloorEntity } from './floor.entity.js';
import { SitePeriodEntity } from './site-period.entity.js';

/** A library building (a branch). Its key appears in MQTT topics and URLs. */
@Entity('site')
export class SiteEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_site' })
  id!: number;

  @Index('uq_site_key', { unique: true })
  @Column({ type: 'varchar', length: 63 })
  key!: string;

  @Column({ type: 'varchar', length: 160 })
  name!: string;

  /** IANA time zone: every day, hour and opening time is read in it. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone!: string;

  /** Local "HH:MM" at which a service day starts (late-night hours belong to the day before). */
  @Column({ name: 'service_day_start', type: 'varchar', length: 5, default: '05:00' })
  serviceDayStart!: string;

  @Column({ name: 'opening_hours', type: 'jsonb' })
  openingHours!: OpeningHours;

  /** Declared layout changes (date, description, zone keys), compared before and after by the recommendations. */
  @Column({ name: 'layout_changes', type: 'jsonb', default: () => "'[]'" })
  layoutChanges!: LayoutChangeInput[];

  /** The site's vendor feeds (envelope, adapter, MQTT topic filter), as the site file declares them. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  integrations!: IntegrationInput[];

  @OneToMany(() => FloorEntity, (floor) => floor.site)
  floors?: Relation<FloorEntity[]>;

  @OneToMany(() => SitePeriodEntity, (period) => period.site)
  periods?: Relation<SitePeriodEntity[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
