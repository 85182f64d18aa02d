import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups: what analytics read instead of raw readings, so a query's cost
 * depends on its window, not on how many readings arrived.
 *
 * - `zone_bucket`: one zone's occupancy per 15 minutes, by source (desks,
 *   headcount sensors, doors).
 * - `zone_day`: one zone's service day: the day's calendar facts, its totals,
 *   and its hourly buckets packed as float32 (mean, peak, arrivals,
 *   departures, covered seconds per hour), so a year is 365 rows per zone.
 * - `desk_day`: per desk and service day, the time it was occupied during
 *   opening hours and its sessions (for density maps and dwell).
 * - `door_drift`: per door, service day and area it counts for (a zone, or
 *   `_building`), what the counts left unexplained (people "still inside"
 *   at closing).
 * - `rollup_mark`: days whose readings changed since they were rolled up
 *   (UTC dates per site key, set by the ingest writer; a rollup runner
 *   recomputes the service days they overlap and clears the mark).
 */
export class CreateRollups1795343000004 implements MigrationInterface {
  name = 'CreateRollups1795343000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "zone_bucket" (
      "zone_id" integer NOT NULL REFERENCES "zone" ("id") ON DELETE CASCADE,
      "source" character varying(12) NOT NULL,
      "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "mean" real NOT NULL,
      "peak" real NOT NULL,
      "arrivals" real NOT NULL,
      "departures" real NOT NULL,
      "covered_ms" integer NOT NULL,
      CONSTRAINT "pk_zone_bucket" PRIMARY KEY ("zone_id", "source", "bucket_start"))`);
    await q.query(`CREATE TABLE "zone_day" (
      "zone_id" integer NOT NULL REFERENCES "zone" ("id") ON DELETE CASCADE,
      "source" character varying(12) NOT NULL,
      "service_date" date NOT NULL,
      "day_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "weekday" smallint NOT NULL,
      "in_term" boolean NOT NULL,
      "in_exam" boolean NOT NULL,
      "closed" boolean NOT NULL,
      "open_ms" integer NOT NULL,
      "covered_ms" integer NOT NULL,
      "hourly" bytea NOT NULL,
      CONSTRAINT "pk_zone_day" PRIMARY KEY ("zone_id", "source", "service_date"))`);
    await q.query(`CREATE TABLE "desk_day" (
      "sensor_id" integer NOT NULL REFERENCES "sensor" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "occupied_open_ms" integer NOT NULL,
      "sessions" integer NOT NULL,
      CONSTRAINT "pk_desk_day" PRIMARY KEY ("service_date", "sensor_id"))`);
    await q.query(`CREATE TABLE "door_drift" (
      "sensor_id" integer NOT NULL REFERENCES "sensor" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "area" character varying(63) NOT NULL,
      "in_total" integer NOT NULL,
      "out_total" integer NOT NULL,
      "residual" real NOT NULL,
      "drift_share" real NOT NULL,
      CONSTRAINT "pk_door_drift" PRIMARY KEY ("sensor_id", "service_date", "area"))`);
    await q.query(`CREATE TABLE "rollup_mark" (
      "site_key" character varying(63) NOT NULL,
      "utc_date" date NOT NULL,
      "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "pk_rollup_mark" PRIMARY KEY ("site_key", "utc_date"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rollup_mark"`);
    await q.query(`DROP TABLE "door_drift"`);
    await q.query(`DROP TABLE "desk_day"`);
    await q.query(`DROP TABLE "zone_day"`);
    await q.query(`DROP TABLE "zone_bucket"`);
  }
}
