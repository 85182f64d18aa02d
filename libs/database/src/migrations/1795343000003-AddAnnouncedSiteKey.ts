import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An unclaimed sensor remembers the site key its topic named, so that two
 * sites' undeclared "desk-1" stay two sensors, and declaring "desk-1" in a
 * site claims the one that published under that site.
 */
export class AddAnnouncedSiteKey1795343000003 implements MigrationInterface {
  name = 'AddAnnouncedSiteKey1795343000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sensor" ADD "announced_site_key" character varying(63) NOT NULL DEFAULT ''`);
    await q.query(`DROP INDEX "public"."uq_sensor_unclaimed_key"`);
    await q.query(`CREATE UNIQUE INDEX "uq_sensor_unclaimed_key" ON "sensor" ("announced_site_key", "key") WHERE site_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_sensor_unclaimed_key"`);
    await q.query(`CREATE UNIQUE INDEX "uq_sensor_unclaimed_key" ON "sensor" ("key") WHERE site_id IS NULL`);
    await q.query(`ALTER TABLE "sensor" DROP COLUMN "announced_site_key"`);
  }
}
