import { z } from 'zod';
import { keySchema } from '@hearth/contracts';
import { ROLES } from '../roles.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../secrets.js';

const password = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);
const sites = z.union([z.literal('*'), z.array(keySchema).max(500)]);
const role = z.enum(ROLES);

export const signInBody = z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(PASSWORD_MAX) });
export const linkBody = z.strictObject({ token: z.string().min(10).max(200) });
export const passwordBody = z.strictObject({ password, currentPassword: z.string().max(PASSWORD_MAX).optional() });

export const createAccountBody = z.strictObject({
  email: z.union([z.email(), z.literal('admin')]),
  name: z.string().max(120).optional(),
  role,
  sites,
  password: password.optional(),
});
export const updateAccountBody = z.strictObject({ name: z.string().max(120).optional(), role: role.optional(), sites: sites.optional(), disabled: z.boolean().optional() });
export const createApiKeyBody = z.strictObject({ label: z.string().min(1).max(120), role, sites });
export const idParam = z.coerce.number({ message: 'must be a numeric id' }).int().positive().max(2 ** 31 - 1);
