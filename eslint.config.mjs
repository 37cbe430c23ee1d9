// Lint rules that guard workflow determinism: no floating promises anywhere, and no Node built-ins
// in workflow or domain code, which runs in Temporal's workflow sandbox and must replay the same
// way every time (docs/decisions/0001-engine-is-pure.md). And one dependency direction: client/
// and worker/ never import each other; only dev/ (the local launcher and the entry point) uses both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', '.temporal/**', 'data/**', 'test-output/**', '*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow and domain code must stay deterministic: no Node built-ins.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Read config in worker/ or client/, not in workflow or domain code.' },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(worker|dev)(/|$)',
              message: 'client/ must not import worker/ or dev/: dev/main.ts hands the worker in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(client|dev)(/|$)',
              message: 'worker/ must not import client/ or dev/: shared code goes in config/ or workflows/.',
            },
          ],
        },
      ],
    },
  },
);
