import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '@hearth/common';
import { Allow } from '../access.js';
import { AccountsService } from '../accounts.service.js';
import { createAccountBody, createApiKeyBody, idParam, updateAccountBody } from './schemas.js';

/** Staff accounts and integrations' API keys: administrators only. */
@ApiTags('access')
@Controller('api/v1')
@Allow('admin', 'all-sites')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('accounts')
  @ApiOperation({ summary: 'Staff accounts with their roles and sites' })
  list() {
    return this.accounts.listAccounts();
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create an account; without a password the answer has a one-time sign-in link (72 h) to hand to the person' })
  @ApiZodBody(createAccountBody)
  create(@Body({ schema: createAccountBody }) body: z.infer<typeof createAccountBody>) {
    return this.accounts.createAccount(body);
  }

  @Patch('accounts/:id')
  @ApiOperation({ summary: "Change an account's name, role, sites or disabled state (its sessions end)" })
  @ApiZodBody(updateAccountBody)
  update(@Param('id', { schema: idParam }) id: number, @Body({ schema: updateAccountBody }) body: z.infer<typeof updateAccountBody>) {
    return this.accounts.updateAccount(id, body);
  }

  @Delete('accounts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account (not the last administrator)' })
  remove(@Param('id', { schema: idParam }) id: number) {
    return this.accounts.deleteAccount(id);
  }

  @Post('accounts/:id/sign-in-link')
  @ApiOperation({ summary: 'A new one-time sign-in link for an account (forgotten password); its sessions end' })
  link(@Param('id', { schema: idParam }) id: number) {
    return this.accounts.resetLink(id);
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'API keys (never the keys themselves)' })
  keys() {
    return this.accounts.listApiKeys();
  }

  @Post('api-keys')
  @ApiOperation({ summary: 'Issue an API key with a role and sites; the key is shown in this answer only' })
  @ApiZodBody(createApiKeyBody)
  createKey(@Body({ schema: createApiKeyBody }) body: z.infer<typeof createApiKeyBody>) {
    return this.accounts.createApiKey(body);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  revokeKey(@Param('id', { schema: idParam }) id: number) {
    return this.accounts.revokeApiKey(id);
  }
}
