import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { AccountsService } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import { AccountsController } from './http/accounts.controller.js';
import { AuthController } from './http/auth.controller.js';

/** Accounts, API keys, sessions and the guard every HTTP route passes. */
@Module({
  controllers: [AuthController, AccountsController],
  providers: [AuthService, AccountsService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AuthModule {}
