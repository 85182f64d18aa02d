import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw readings, partitioned by month on the device timestamp so that whole
 * months can be dropped when they pass the retention period, and queries for a
 * window touch only its months. Partitions are created ahead of the data by
 * the partition maintenance service (`ensure_raw_event_partition`). The
 * primary key is the natural key of a reading: duplicates are harmless.
 * The dead-letter table keeps what could not be accepted, with the reason.
 */
export class CreateRawEventStorage1795343000001 implements MigrationInterface {
  name = 'CreateRawEventStorage1795343000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."event_kind" AS ENUM('door', 'desk', 'zone', 'heartbeat')`);
    await q.query(`CREATE TABLE "raw_event" (
      "sensor_id" integer NOT NULL,
      "captured_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "channel" character varying(64) NOT NULL DEFAULT '',
      "seq" bigint NOT NULL DEFAULT '-1',
      "kind" "public"."event_kind" NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "in_count" integer,
      "out_count" integer,
      "in_total" bigint,
      "out_total" bigint,
      "occupied" boolean,
      "headcount" integer,
      "battery_pct" real,
      CONSTRAINT "pk_raw_event" PRIMARY KEY ("sensor_id", "captured_at", "channel", "seq")
    ) PARTITION BY RANGE ("captured_at")`);

    // Creates the month's partition holding `at` if it is missing; returns its name.
    // Months are cut in UTC so that a partition's bounds do not depend on a session's time zone.
    await q.query(`CREATE FUNCTION ensure_raw_event_partition(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        part text := 'raw_event_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
      BEGIN
        IF to_regclass(part) IS NULL THEN
          EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF raw_event FOR VALUES FROM (%L) TO (%L)',
            part, month_start, month_start + interval '1 month');
        END IF;
        RETURN part;
      END $$`);

    await q.query(`CREATE TABLE "dead_letter" (
      "id" BIGSERIAL NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "source" character varying(16) NOT NULL,
      "topic" character varying(512),
      "site_key" character varying(63),
      "sensor_key" character varying(128),
      "reason" character varying(64) NOT NULL,
      "detail" text NOT NULL,
      "payload" bytea NOT NULL,
      "payload_bytes" integer NOT NULL,
      CONSTRAINT "pk_dead_letter" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_dead_letter_reason" ON "dead_letter" ("reason")`);
    await q.query(`CREATE INDEX "ix_dead_letter_received_at" ON "dead_letter" ("received_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "dead_letter"`);
    await q.query(`DROP FUNCTION ensure_raw_event_partition(timestamptz)`);
    await q.query(`DROP TABLE "raw_event"`);
    await q.query(`DROP TYPE "public"."event_kind"`);
  }
}
