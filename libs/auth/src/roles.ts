/**
 * The roles a person or an API key holds, weakest first. Each role can do
 * everything the roles before it can:
 * - viewer: reads dashboards and analytics of its sites;
 * - planner: also edits floors, zones, sensors and periods, imports history,
 *   issues device tokens and reads dead letters;
 * - director: also reads and exports recommendations and statistics returns;
 * - admin: also manages accounts and API keys, creates and deletes sites.
 */
export const ROLES = ['viewer', 'planner', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `held` includes what `needed` may do. */
export const roleAtLeast = (held: Role, needed: Role): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

/** Who is calling: a signed-in person or an API key, with the role and sites it acts with. */
export interface Principal {
  kind: 'session' | 'api-key';
  /** The account's or API key's id. */
  id: number;
  /** An account's e-mail, or an API key's label. */
  name: string;
  role: Role;
  /** The site keys it may see and change; '*' for every site. */
  sites: '*' | string[];
}

/** True when `principal` may act on site `site`. */
export const coversSite = (principal: Principal, site: string): boolean => principal.sites === '*' || principal.sites.includes(site);
