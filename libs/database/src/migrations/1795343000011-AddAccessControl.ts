import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may use Hearth: library staff accounts, integrations' API keys, the
 * sites each may see, dashboard sessions and one-time sign-in links.
 *
 * - `account`: a member of staff (e-mail, or the name `admin` for the first
 *   administrator), a role, and either every site or the sites listed in
 *   `access_site`. Passwords are stored as argon2id hashes only.
 * - `api_key`: a key for an integration (reporting tools, scripts), with its
 *   own role and sites. Only the SHA-256 of the key is stored. `from_env`
 *   marks the administrator key given by HEARTH_ADMIN_API_KEY.
 * - `access_site`: the sites of an account or an API key that does not
 *   cover every site.
 * - `auth_session`, `sign_in_link`: hashed tokens with expiry. Neither keeps
 *   the caller's address or browser.
 */
export class AddAccessControl1795343000011 implements MigrationInterface {
  name = 'AddAccessControl1795343000011';

  async up(q: QueryRunner): Promise<void> {
    const role = (table: string) => `CONSTRAINT "ck_${table}_role" CHECK ("role" IN ('viewer', 'planner', 'director', 'admin'))`;
    await q.query(`CREATE TABLE "account" (
      "id" SERIAL NOT NULL,
      "email" character varying(254) NOT NULL,
      "name" character varying(120) NOT NULL DEFAULT '',
      "role" character varying(16) NOT NULL,
      "all_sites" boolean NOT NULL DEFAULT false,
      "password_hash" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "disabled_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_account" PRIMARY KEY ("id"),
      ${role('account')})`);
    await q.query(`CREATE UNIQUE INDEX "uq_account_email" ON "account" (lower("email"))`);
    await q.query(`CREATE TABLE "api_key" (
      "id" SERIAL NOT NULL,
      "label" character varying(120) NOT NULL,
      "role" character varying(16) NOT NULL,
      "all_sites" boolean NOT NULL DEFAULT false,
      "key_hash" character(64) NOT NULL,
      "from_env" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_api_key" PRIMARY KEY ("id"),
      ${role('api_key')})`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_key_hash" ON "api_key" ("key_hash")`);
    await q.query(`CREATE TABLE "access_site" (
      "account_id" integer REFERENCES "account" ("id") ON DELETE CASCADE,
      "api_key_id" integer REFERENCES "api_key" ("id") ON DELETE CASCADE,
      "site_id" integer NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
      CONSTRAINT "ck_access_site_holder" CHECK (num_nonnulls("account_id", "api_key_id") = 1))`);
    await q.query(`CREATE UNIQUE INDEX "uq_access_site_account" ON "access_site" ("account_id", "site_id") WHERE "account_id" IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_access_site_api_key" ON "access_site" ("api_key_id", "site_id") WHERE "api_key_id" IS NOT NULL`);
    await q.query(`CREATE TABLE "auth_session" (
      "id" SERIAL NOT NULL,
      "token_hash" character(64) NOT NULL,
      "account_id" integer NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "must_set_password" boolean NOT NULL DEFAULT false,
      CONSTRAINT "pk_auth_session" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_auth_session_token" ON "auth_session" ("token_hash")`);
    await q.query(`CREATE TABLE "sign_in_link" (
      "id" SERIAL NOT NULL,
      "token_hash" character(64) NOT NULL,
      "account_id" integer NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_sign_in_link" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_sign_in_link_token" ON "sign_in_link" ("token_hash")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sign_in_link', 'auth_session', 'access_site', 'api_key', 'account']) await q.query(`DROP TABLE "${table}"`);
  }
}
