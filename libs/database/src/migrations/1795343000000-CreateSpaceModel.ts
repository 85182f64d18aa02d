import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sites, their calendars, floors, zones and sensors. */
export class CreateSpaceModel1795343000000 implements MigrationInterface {
  name = 'CreateSpaceModel1795343000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."zone_category" AS ENUM('quiet_study', 'group_study', 'stacks', 'computers', 'children', 'teens', 'service_desk', 'entrance', 'cafe', 'events', 'makerspace', 'other')`);
    await q.query(`CREATE TYPE "public"."period_kind" AS ENUM('closure', 'holiday', 'term', 'exam')`);
    await q.query(`CREATE TYPE "public"."sensor_kind" AS ENUM('door', 'desk', 'zone')`);
    await q.query(`CREATE TYPE "public"."sensor_status" AS ENUM('active', 'retired', 'unclaimed')`);

    await q.query(`CREATE TABLE "site" (
      "id" SERIAL NOT NULL,
      "key" character varying(63) NOT NULL,
      "name" character varying(160) NOT NULL,
      "time_zone" character varying(64) NOT NULL,
      "service_day_start" character varying(5) NOT NULL DEFAULT '05:00',
      "opening_hours" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_site" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_site_key" ON "site" ("key")`);

    await q.query(`CREATE TABLE "site_period" (
      "id" SERIAL NOT NULL,
      "site_id" integer NOT NULL,
      "kind" "public"."period_kind" NOT NULL,
      "name" character varying(120) NOT NULL,
      "starts_on" date NOT NULL,
      "ends_on" date NOT NULL,
      CONSTRAINT "pk_site_period" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_site_period" ON "site_period" ("site_id", "kind", "name", "starts_on")`);

    await q.query(`CREATE TABLE "floor" (
      "id" SERIAL NOT NULL,
      "site_id" integer NOT NULL,
      "key" character varying(63) NOT NULL,
      "name" character varying(120) NOT NULL,
      "ordinal" smallint NOT NULL,
      "width_m" double precision NOT NULL,
      "height_m" double precision NOT NULL,
      "plan_format" character varying(16),
      "plan" text,
      CONSTRAINT "pk_floor" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_floor_site_key" ON "floor" ("site_id", "key")`);

    await q.query(`CREATE TABLE "zone" (
      "id" SERIAL NOT NULL,
      "site_id" integer NOT NULL,
      "floor_id" integer NOT NULL,
      "key" character varying(63) NOT NULL,
      "name" character varying(120) NOT NULL,
      "category" "public"."zone_category" NOT NULL,
      "capacity_seats" integer NOT NULL,
      "area_m2" double precision NOT NULL,
      "polygon_m" jsonb NOT NULL,
      CONSTRAINT "pk_zone" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_zone_floor" ON "zone" ("floor_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_zone_site_key" ON "zone" ("site_id", "key")`);

    await q.query(`CREATE TABLE "sensor" (
      "id" SERIAL NOT NULL,
      "site_id" integer,
      "key" character varying(128) NOT NULL,
      "kind" "public"."sensor_kind",
      "adapter" character varying(60) NOT NULL DEFAULT 'hearth',
      "status" "public"."sensor_status" NOT NULL DEFAULT 'active',
      "floor_id" integer,
      "position_x_m" double precision,
      "position_y_m" double precision,
      "zone_id" integer,
      "door_in_zone_id" integer,
      "door_out_zone_id" integer,
      "counter_rollover" bigint,
      "last_seen_at" TIMESTAMP WITH TIME ZONE,
      "battery_pct" real,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_sensor" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_sensor_zone" ON "sensor" ("zone_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_sensor_unclaimed_key" ON "sensor" ("key") WHERE site_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_sensor_site_key" ON "sensor" ("site_id", "key")`);

    await q.query(`ALTER TABLE "site_period" ADD CONSTRAINT "fk_site_period_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "floor" ADD CONSTRAINT "fk_floor_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "zone" ADD CONSTRAINT "fk_zone_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "zone" ADD CONSTRAINT "fk_zone_floor" FOREIGN KEY ("floor_id") REFERENCES "floor"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sensor" ADD CONSTRAINT "fk_sensor_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sensor" ADD CONSTRAINT "fk_sensor_floor" FOREIGN KEY ("floor_id") REFERENCES "floor"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sensor" ADD CONSTRAINT "fk_sensor_zone" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sensor" ADD CONSTRAINT "fk_sensor_door_in_zone" FOREIGN KEY ("door_in_zone_id") REFERENCES "zone"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sensor" ADD CONSTRAINT "fk_sensor_door_out_zone" FOREIGN KEY ("door_out_zone_id") REFERENCES "zone"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sensor"`);
    await q.query(`DROP TABLE "zone"`);
    await q.query(`DROP TABLE "floor"`);
    await q.query(`DROP TABLE "site_period"`);
    await q.query(`DROP TABLE "site"`);
    await q.query(`DROP TYPE "public"."sensor_status"`);
    await q.query(`DROP TYPE "public"."sensor_kind"`);
    await q.query(`DROP TYPE "public"."period_kind"`);
    await q.query(`DROP TYPE "public"."zone_category"`);
  }
}
