/**
 * Hearth's layout recommendations: from a site's analytics over a window
 * (`SiteEvidence`) to recommendations a director can take to a board, each
 * with its evidence and options at three budget levels. Pure: no I/O except
 * reading the configuration file.
 */
export * from './types.js';
export * from './catalogue.js';
export * from './config.js';
export * from './format.js';
export * from './engine.js';
export * from './rules/index.js';
