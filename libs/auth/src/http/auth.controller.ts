import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { serialize } from 'cookie';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { ApiZodBody, HearthError } from '@hearth/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { Allow, Public, type AuthenticatedRequest } from '../access.js';
import { SESSION_COOKIE } from '../access.guard.js';
import { AuthService, type SessionAnswer } from '../auth.service.js';
import { linkBody, passwordBody, signInBody } from './schemas.js';

/**
 * Signing in and out of the dashboard. A session lives in an HttpOnly,
 * SameSite=Strict cookie; the answer carries the session's CSRF token, which
 * the dashboard sends back as X-CSRF-Token with every change.
 */
@ApiTags('access')
@Controller('api/v1/auth')
export class AuthController {
  /** Attempts per account from one address, and (five times as many) per address: staff behind one library router share it. */
  private readonly perAccount: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(
    private readonly auth: AuthService,
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
  ) {
    this.perAccount = new RateLimiterMemory({ points: config.auth.signInAttemptsPerMinute, duration: 60 });
    this.perAddress = new RateLimiterMemory({ points: config.auth.signInAttemptsPerMinute * 5, duration: 60 });
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password: sets the session cookie, answers the CSRF token', description: 'Limited per address and per account (SIGN_IN_ATTEMPTS_PER_MINUTE); over it, 429 with Retry-After.' })
  @ApiZodBody(signInBody)
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body({ schema: signInBody }) body: z.infer<typeof signInBody>) {
    await this.limit(res, req.ip ?? '', body.email.toLowerCase());
    return this.started(res, await this.auth.signIn(body.email, body.password));
  }

  @Post('link')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Use a one-time sign-in link: starts a session that chooses a password next' })
  @ApiZodBody(linkBody)
  async link(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body({ schema: linkBody }) body: z.infer<typeof linkBody>) {
    await this.limit(res, req.ip ?? '');
    return this.started(res, await this.auth.useLink(body.token));
  }

  @Get('me')
  @Allow('viewer', 'filtered')
  @ApiOperation({ summary: 'Who is signed in, with the CSRF token of the session' })
  async me(@Req() req: Request & AuthenticatedRequest) {
    if (!req.sessionToken) return { principal: req.principal, csrfToken: null, mustSetPassword: false };
    return (await this.auth.session(req.sessionToken))!;
  }

  @Post('password')
  @Allow('viewer', 'filtered')
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose a new password (the current one is needed unless the session came from a sign-in link); other sessions end' })
  @ApiZodBody(passwordBody)
  async password(@Req() req: Request & AuthenticatedRequest, @Body({ schema: passwordBody }) body: z.infer<typeof passwordBody>) {
    if (!req.sessionToken) throw new HearthError('FORBIDDEN', 'API keys have no password');
    await this.auth.setPassword(req.sessionToken, body.password, body.currentPassword);
  }

  @Post('sign-out')
  @Allow('viewer', 'filtered')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session and clear its cookie' })
  async signOut(@Req() req: Request & AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    if (req.sessionToken) await this.auth.signOut(req.sessionToken);
    res.setHeader('Set-Cookie', this.cookie('', 0));
  }

  private started(res: Response, session: { token: string } & SessionAnswer): SessionAnswer {
    res.setHeader('Set-Cookie', this.cookie(session.token, Math.round(this.config.auth.sessionHours * 3600)));
    return { principal: session.principal, csrfToken: session.csrfToken, mustSetPassword: session.mustSetPassword };
  }

  private cookie(value: string, maxAge: number): string {
    return serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: this.config.auth.cookieSecure, path: '/', maxAge });
  }

  /** Counts an attempt from `address` (for `account`); over a limit, 429 with Retry-After. The address is only a key in memory, never stored. */
  private async limit(res: Response, address: string, account?: string): Promise<void> {
    try {
      await this.perAddress.consume(address);
      if (account !== undefined) await this.perAccount.consume(`${address}\0${account}`);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      throw new HearthError('TOO_MANY_REQUESTS', 'too many sign-in attempts: wait a minute and try again');
    }
  }
}
