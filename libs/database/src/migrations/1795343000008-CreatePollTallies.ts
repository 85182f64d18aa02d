import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patrons' poll on the public page: per zone, service day and dimension
 * (convenience, comfort, hospitality, quality, trust, wow), counters only.
 *
 * - `answers`: how many answers the row counts. For a dimension, the answers
 *   that scored it (the sum of `count_1` … `count_5`); for the row whose
 *   dimension is `any`, the poll submissions for the zone that day, whatever
 *   they scored (the people who answered; its `count_*` stay 0).
 * - `count_1` … `count_5`: how many answers gave the dimension that score
 *   (1 = poor … 5 = excellent).
 *
 * An answer adds 1 to the counters of its rows (one statement, an upsert):
 * there is no row per answer, no time finer than the service date, and
 * nothing about the person who answered.
 */
export class CreatePollTallies1795343000008 implements MigrationInterface {
  name = 'CreatePollTallies1795343000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "poll_tally" (
      "site_id" integer NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
      "zone_id" integer NOT NULL REFERENCES "zone" ("id") ON DELETE CASCADE,
      "service_date" date NOT NULL,
      "dimension" text NOT NULL,
      "answers" integer NOT NULL,
      "count_1" integer NOT NULL DEFAULT 0,
      "count_2" integer NOT NULL DEFAULT 0,
      "count_3" integer NOT NULL DEFAULT 0,
      "count_4" integer NOT NULL DEFAULT 0,
      "count_5" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_poll_tally" PRIMARY KEY ("zone_id", "service_date", "dimension"),
      CONSTRAINT "chk_poll_tally_dimension" CHECK ("dimension" IN ('any', 'convenience', 'comfort', 'hospitality', 'quality', 'trust', 'wow')),
      CONSTRAINT "chk_poll_tally_counts" CHECK ("answers" >= 0 AND "count_1" >= 0 AND "count_2" >= 0 AND "count_3" >= 0 AND "count_4" >= 0 AND "count_5" >= 0),
      CONSTRAINT "chk_poll_tally_sum" CHECK (
        CASE WHEN "dimension" = 'any' THEN "count_1" + "count_2" + "count_3" + "count_4" + "count_5" = 0
             ELSE "answers" = "count_1" + "count_2" + "count_3" + "count_4" + "count_5" END))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "poll_tally"`);
  }
}
