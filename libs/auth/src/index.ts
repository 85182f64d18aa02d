export * from './roles.js';
export * from './access.js';
export * from './access.guard.js';
export * from './auth.service.js';
export * from './accounts.service.js';
export * from './auth.module.js';
