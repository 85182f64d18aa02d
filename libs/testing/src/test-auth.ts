import request from 'supertest';

/**
 * The administrator API key every test server starts with (through
 * HEARTH_ADMIN_API_KEY, the same setting an installer uses to automate a first
 * start). Tests that are not about access control call the API with it.
 */
export const TEST_ADMIN_KEY = 'hka_test-administrator-key-for-hearth-tests-only';

/** The settings that give a test server its administrator key. */
export const TEST_AUTH_ENV = { HEARTH_ADMIN_API_KEY: TEST_ADMIN_KEY } as const;

/** Headers that sign a request in as the test administrator. */
export const ADMIN_HEADERS = { Authorization: `Bearer ${TEST_ADMIN_KEY}` } as const;

/** A supertest agent for `url` whose every request carries the administrator key. */
export function adminApi(url: string) {
  return request.agent(url).set(ADMIN_HEADERS);
}
