import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ZONE_CATEGORIES, type Point, type ZoneCategory } from '@hearth/contracts';
import { FloorEntity } from './floor.entity.js';
import { SiteEntity } from './site.entity.js';

/** An area of a floor with a purpose (quiet study, stacks, cafe...) and a seat capacity. */
@Entity('zone')
@Index('uq_zone_site_key', ['siteId', 'key'], { unique: true })
@Index('ix_zone_floor', ['floorId'])
export class ZoneEntity {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_zone' })
  id!: number;

  @Column({ name: 'site_id', type: 'int' })
  siteId!: number;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'fk_zone_site' })
  site?: Relation<SiteEntity>;

  @Column({ name: 'floor_id', type: 'int' })
  floorId!: number;

  @ManyToOne(() => FloorEntity, (floor) => floor.zones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'floor_id', foreignKeyConstraintName: 'fk_zone_floor' })
  floor?: Relation<FloorEntity>;

  @Column({ type: 'varchar', length: 63 })
  key!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'enum', enum: ZONE_CATEGORIES, enumName: 'zone_category' })
  category!: ZoneCategory;

  @Column({ name: 'capacity_seats', type: 'int' })
  capacitySeats!: number;

  @Column({ name: 'area_m2', type: 'double precision' })
  areaM2!: number;

  /** Outline in the floor's metre frame, as [x, y] points (not closed). */
  @Column({ name: 'polygon_m', type: 'jsonb' })
  polygonM!: Point[];
}
