import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups for dwell, visit profiles and day types, so they too read rows per
 * day rather than raw readings.
 *
 * - `desk_session`: a desk's occupied stretches (start, end, whether it was
 *   cut at the day's end rather than ended by the desk going free). A session
 *   is a desk's, never a person's: the same facts as the desk's readings.
 * - `zone_dwell`: per zone and service day, the sessions starting in opening
 *   hours as a histogram of lengths in 5-minute steps (uint32 each), with
 *   their exact count, cut count and total minutes.
 * - `site_day`: per site and service day rolled up, when it was (a cache of
 *   results over a window is fresh while no day in it was rolled up again),
 *   its calendar facts, and the people the entrance counters saw arriving and
 *   leaving per local clock hour (24 values; both hours of a doubled autumn
 *   hour add into one; null without entrance counters).
 */
export class CreateSessionRollups1795343000005 implements MigrationInterface {
  name = 'CreateSessionRollups1795343000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "desk_session" (
      "sensor_id" integer NOT NULL REFERENCES "sensor" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ended_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "cut" boolean NOT NULL,
      CONSTRAINT "pk_desk_session" PRIMARY KEY ("service_date", "sensor_id", "started_at"))`);
    await q.query(`CREATE TABLE "zone_dwell" (
      "zone_id" integer NOT NULL REFERENCES "zone" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "sessions" integer NOT NULL,
      "cut" integer NOT NULL,
      "total_minutes" double precision NOT NULL,
      "histogram" bytea NOT NULL,
      CONSTRAINT "pk_zone_dwell" PRIMARY KEY ("zone_id", "service_date"))`);
    await q.query(`CREATE TABLE "site_day" (
      "site_id" integer NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "weekday" smallint NOT NULL,
      "day_type" character varying(16) NOT NULL,
      "in_term" boolean NOT NULL,
      "in_exam" boolean NOT NULL,
      "closed_for" character varying(200),
      "rolled_up_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "arrivals" real[],
      "departures" real[],
      CONSTRAINT "pk_site_day" PRIMARY KEY ("site_id", "service_date"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "site_day"`);
    await q.query(`DROP TABLE "zone_dwell"`);
    await q.query(`DROP TABLE "desk_session"`);
  }
}
