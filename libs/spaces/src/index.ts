export * from './entities/index.js';
export * from './site-file/parse-site-file.js';
export * from './site-file/site-import.service.js';
export * from './spaces.service.js';
export * from './spaces.module.js';
