/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Pulumi's exit handler reads globals after a test file ends; nothing leaks between files.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/constructs', '<rootDir>/stacks', '<rootDir>/cli', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Examples import the package by name, as users do: the source, so no build or pack is needed.
  moduleNameMapper: { '^kubeflow-iac$': '<rootDir>/index.ts' },
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
