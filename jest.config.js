/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],

  // Time-skipping tests share one server clock per environment; files run in parallel
  // each with their own environment, two at a time on our 2-core machines.
  maxWorkers: 2,
  testTimeout: 120_000,
};
