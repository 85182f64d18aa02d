import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vendor devices and imported history.
 *
 * - `sensor.source`: which vendor device (and channel) a sensor's readings
 *   come from, as the site file declares it.
 * - `site.integrations`: the site's vendor feeds (network-server envelope,
 *   default adapter, MQTT topic filter).
 * - `gate_count`: counts imported from a library's records for whole days or
 *   months (hourly imports are stored as ordinary readings instead). A row
 *   covers `first_date`..`last_date` inclusive: one day, a month, or the days
 *   a cumulative reading spans after a gap.
 * - `history_import`: each imported file, by its SHA-256, with the report
 *   given at the time; importing the same file again changes nothing.
 */
export class AddVendorSourcesAndHistory1795343000010 implements MigrationInterface {
  name = 'AddVendorSourcesAndHistory1795343000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sensor" ADD COLUMN "source" jsonb`);
    await q.query(`ALTER TABLE "site" ADD COLUMN "integrations" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE TABLE "history_import" (
      "id" SERIAL NOT NULL,
      "site_id" integer NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
      "file_sha256" character(64) NOT NULL,
      "file_name" character varying(255),
      "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "report" jsonb NOT NULL,
      CONSTRAINT "pk_history_import" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_history_import_file" ON "history_import" ("site_id", "file_sha256")`);
    await q.query(`CREATE TABLE "gate_count" (
      "sensor_id" integer NOT NULL REFERENCES "sensor" ("id") ON DELETE CASCADE,
      "first_date" date NOT NULL,
      "last_date" date NOT NULL,
      "in_count" integer NOT NULL,
      "out_count" integer NOT NULL,
      CONSTRAINT "pk_gate_count" PRIMARY KEY ("sensor_id", "first_date"),
      CONSTRAINT "ck_gate_count_span" CHECK ("last_date" >= "first_date"),
      CONSTRAINT "ck_gate_count_counts" CHECK ("in_count" >= 0 AND "out_count" >= 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gate_count"`);
    await q.query(`DROP TABLE "history_import"`);
    await q.query(`ALTER TABLE "site" DROP COLUMN "integrations"`);
    await q.query(`ALTER TABLE "sensor" DROP COLUMN "source"`);
  }
}
