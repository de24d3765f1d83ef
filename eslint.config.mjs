// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'coverage/', 'docs/api/', '.stryker-tmp/', 'reports/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Synthesis must not read the environment.' },
        { object: 'Math', property: 'random', message: 'Synthesis must be deterministic.' },
        { object: 'Date', property: 'now', message: 'Synthesis must be deterministic.' },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', 'examples/main.ts', '**/*.js', '**/*.mjs'],
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // Tests walk untyped manifests.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
  },
);
