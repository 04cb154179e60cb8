/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Pulumi's exit handler reads globals after a test file ends; nothing leaks between files.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/constructs', '<rootDir>/stacks', '<rootDir>/cli', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
