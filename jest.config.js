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
  // Slow fault tests (*.fault-spec.ts) run only under `npm run test:faults`, which sets HEARTH_FAULT_SPECS=1.
  testMatch: ['<rootDir>/{apps,libs,test,dashboards}/**/*.{spec,int-spec,e2e-spec}.ts', ...(process.env.HEARTH_FAULT_SPECS === '1' ? ['<rootDir>/apps/server/test/**/*.fault-spec.ts'] : [])],
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.js',
};
