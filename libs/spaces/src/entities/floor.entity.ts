import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { SiteEntity } from './site.entity.js';
import { ZoneEntity } from './zone.entity.js';

export type PlanFormat = 'svg' | 'geojson';

/**
 * One level of a site. Its coordinate frame is in metres: origin at the
 * plan's top-left corner, x to the right, y downwards (as in SVG).
 */
@Entity('floor')
@Index('uq_floor_site_key', ['siteId', 'key'], { unique: true })
export class FloorEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_floor' })
  id!: number;

  @Column({ name: 'site_id', type: 'int' })
  siteId!: number;

  @ManyToOne(() => SiteEntity, (site) => site.floors, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_floor_site' })
  site?: Relation<SiteEntity>;

  @Column({ type: 'varchar', length: 63 })
  key!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  /** Vertical order; 0 is the ground floor. */
  @Column({ type: 'smallint' })
  ordinal!: number;

  @Column({ name: 'width_m', type: 'double precision' })
  widthM!: number;

  @Column({ name: 'height_m', type: 'double precision' })
  heightM!: number;

  @Column({ name: 'plan_format', type: 'varchar', length: 16, nullable: true })
  planFormat!: PlanFormat | null;

  /** The plan itself: SVG markup, or a GeoJSON document serialised as text. */
  @Column({ type: 'text', nullable: true })
  plan!: string | null;

  @OneToMany(() => ZoneEntity, (zone) => zone.floor)
  zones?: Relation<ZoneEntity[]>;
}
