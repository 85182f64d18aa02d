import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PERIOD_KINDS, type PeriodKind } from '@hearth/contracts';
import { SiteEntity } from './site.entity.js';

/** A named date range in a site's calendar: a closure, a holiday, a term or an exam period. */
@Entity('site_period')
@Index('uq_site_period', ['siteId', 'kind', 'name', 'startsOn'], { unique: true })
export class SitePeriodEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_site_period' })
  id!: number;

  @Column({ name: 'site_id', type: 'int' })
  siteId!: number;

  @ManyToOne(() => SiteEntity, (site) => site.periods, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_site_period_site' })
  site?: Relation<SiteEntity>;

  @Column({ type: 'enum', enum: PERIOD_KINDS, enumName: 'period_kind' })
  kind!: PeriodKind;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  /** First local date of the period, inclusive (YYYY-MM-DD). */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  /** Last local date of the period, inclusive (YYYY-MM-DD). */
  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}
