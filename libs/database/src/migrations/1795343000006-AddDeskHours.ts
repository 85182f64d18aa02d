import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Desk occupancy per local clock hour, so density maps can show "afternoons"
 * or "evenings": `desk_day.occupied_by_hour` holds 24 values, the seconds the
 * desk was occupied within opening hours in each local hour (both 01:00 hours
 * of an autumn change add into one). Days rolled up before this migration are
 * marked, so the rollup runner fills them in.
 */
export class AddDeskHours1795343000006 implements MigrationInterface {
  name = 'AddDeskHours1795343000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "desk_day" ADD COLUMN "occupied_by_hour" integer[]`);
    await q.query(`INSERT INTO "rollup_mark" ("site_key", "utc_date")
      SELECT DISTINCT s.key, d.service_date FROM "desk_day" d JOIN "sensor" x ON x.id = d.sensor_id JOIN "site" s ON s.id = x.site_id
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "desk_day" DROP COLUMN "occupied_by_hour"`);
  }
}
