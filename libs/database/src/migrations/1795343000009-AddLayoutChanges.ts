import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Layout changes a library declares in its site file (`site.changes`: date,
 * description, zone keys), kept with the site so the recommendations can
 * review each change before and after.
 */
export class AddLayoutChanges1795343000009 implements MigrationInterface {
  name = 'AddLayoutChanges1795343000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site" ADD COLUMN "layout_changes" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "site" DROP COLUMN "layout_changes"`);
  }
}
