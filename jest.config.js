const swc = JSON.parse((await import('node:fs')).readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
delete swc.$schema;
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, jsc: { ...swc.jsc, baseUrl: undefined, paths: undefined }, module: { type: 'es6' } }] },
  moduleNameMapper: {
    '^@hearth/(spaces|telemetry)/entities$': '<rootDir>/libs/$1/src/entities/index.ts',
    '^@hearth/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test,dashboards}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.js',
};
