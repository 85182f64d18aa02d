import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ApiError, configureClient, del, get, post, retryAfterSeconds, setCsrfToken } from '../api/client.js';
import { passwordProblem, safeNext, signInHash, signInProblem, waitText } from './sign-in.js';

describe('where the sign-in page sends the planner', () => {
  it('back to the dashboard page they were going to', () => {
    expect(safeNext('#/patterns?site=riverside&window=28d')).toBe('#/patterns?site=riverside&window=28d');
    expect(signInHash('#/setup?site=riverside')).toBe('#/sign-in?next=%23%2Fsetup%3Fsite%3Driverside');
  });

  it('to the floor map for anything that is not a dashboard route, the sign-in page itself included', () => {
    for (const next of [null, '', 'https://evil.example/', '//evil.example', 'javascript:alert(1)', '#/sign-in?next=x', '#//evil', '#/floor#x', '/#/floor']) {
      expect(safeNext(next)).toBe('#/floor');
    }
    expect(signInHash('')).toBe('#/sign-in');
    expect(signInHash('#/sign-in?link=abc')).toBe('#/sign-in');
  });
});

describe('what a refused sign-in says', () => {
  it('names wrong credentials without saying which one was wrong', () => {
    expect(signInProblem(new ApiError(401, 'invalid e-mail or password'))).toBe('Wrong e-mail address or password.');
  });

  it('explains a 429 with the wait the server asked for', () => {
    expect(signInProblem(new ApiError(429, 'too many', 40))).toMatch(/^Too many sign-in attempts.*Wait 40 seconds and try again/);
    expect(signInProblem(new ApiError(429, 'too many', 180))).toMatch(/Wait 3 minutes/);
    expect(signInProblem(new ApiError(429, 'too many'))).toMatch(/Wait a minute/);
    expect(waitText(1)).toBe('1 second');
    expect(waitText(0.2)).toBe('1 second');
  });

  it('passes other server messages on as they are', () => {
    expect(signInProblem(new ApiError(500, 'internal error'))).toBe('Could not sign in: internal error');
    expect(signInProblem(new TypeError('Failed to fetch'))).toMatch(/Could not reach Hearth \(Failed to fetch\)/);
  });

  it('asks for 12 characters and the same password twice', () => {
    expect(passwordProblem('short', 'short')).toMatch(/at least 12 characters/);
    expect(passwordProblem('a long enough password', 'a long enough passw0rd')).toMatch(/differ/);
    expect(passwordProblem('a long enough password', 'a long enough password')).toBeNull();
  });
});

describe('the API client', () => {
  type Call = { url: string; init: RequestInit };
  const calls: Call[] = [];
  const answers: Response[] = [];
  const realFetch = globalThis.fetch;
  const stubFetch = () => {
    globalThis.fetch = ((input: string, init: RequestInit) => {
      calls.push({ url: input, init });
      return Promise.resolve(answers.shift() ?? new Response('{}', { status: 200 }));
    }) as typeof fetch;
  };
  const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];
  afterEach(() => {
    globalThis.fetch = realFetch;
    calls.length = 0;
    answers.length = 0;
    setCsrfToken(null);
  });

  it('sends the CSRF token on requests that change something, and only on those', async () => {
    stubFetch();
    setCsrfToken('tok-1');
    await get('/sites');
    await post('/sites/x/zones', { id: 'z' });
    await del('/zones/3');
    expect(calls.map((c) => [c.init.method, header(c, 'X-CSRF-Token')])).toEqual([
      ['GET', undefined],
      ['POST', 'tok-1'],
      ['DELETE', 'tok-1'],
    ]);
  });

  it('sends the planner to sign in on a 401, except from the sign-in routes themselves', async () => {
    stubFetch();
    const unauthorized = jest.fn();
    configureClient({ onUnauthorized: unauthorized });
    answers.push(new Response(JSON.stringify({ statusCode: 401, message: 'sign in first' }), { status: 401 }));
    await expect(get('/sites')).rejects.toMatchObject({ status: 401, message: 'sign in first' });
    expect(unauthorized).toHaveBeenCalledTimes(1);
    answers.push(new Response(JSON.stringify({ message: 'wrong' }), { status: 401 }));
    await expect(post('/auth/sign-in', { email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveBeenCalledTimes(1);
  });

  it('fetches a fresh CSRF token once when the server refuses the one it has', async () => {
    stubFetch();
    configureClient({ refreshCsrf: () => Promise.resolve('tok-2') });
    setCsrfToken('tok-1');
    answers.push(new Response(JSON.stringify({ message: 'missing or wrong CSRF token' }), { status: 403 }), new Response(null, { status: 204 }));
    await post('/zones/3', { name: 'x' });
    expect(calls.map((c) => header(c, 'X-CSRF-Token'))).toEqual(['tok-1', 'tok-2']);
    // A 403 for another reason (a role too weak) is not retried.
    calls.length = 0;
    answers.push(new Response(JSON.stringify({ message: 'needs the planner role' }), { status: 403 }));
    await expect(post('/zones/3', { name: 'x' })).rejects.toMatchObject({ status: 403 });
    expect(calls).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds(new Date(Date.parse('2026-01-01T00:01:00Z')).toUTCString(), Date.parse('2026-01-01T00:00:00Z'))).toBe(60);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});
