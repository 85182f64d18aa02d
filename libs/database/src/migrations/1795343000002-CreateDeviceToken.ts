import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Device tokens for HTTP push, stored as SHA-256 hashes. */
export class CreateDeviceToken1795343000002 implements MigrationInterface {
  name = 'CreateDeviceToken1795343000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "device_token" (
      "id" SERIAL NOT NULL,
      "site_id" integer NOT NULL,
      "sensor_id" integer,
      "token_hash" character(64) NOT NULL,
      "label" character varying(120) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_device_token" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_device_token_hash" ON "device_token" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_device_token_site" ON "device_token" ("site_id")`);
    await q.query(`ALTER TABLE "device_token" ADD CONSTRAINT "fk_device_token_site" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "device_token" ADD CONSTRAINT "fk_device_token_sensor" FOREIGN KEY ("sensor_id") REFERENCES "sensor"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "device_token"`);
  }
}
