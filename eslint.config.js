// ESLint for the whole monorepo (`npm run lint`, part of `npm test`).
// Import cycles are checked by dpdm in infra/scripts/lint.sh (faster).
// Type-aware typescript-eslint rules over two programs (tsconfig.eslint.json
// for the Node workspaces, web-console/tsconfig.json for the console):
// the project service's one program per workspace re-checked the shared
// sources 13 times and ran out of memory (4 GB) on the whole tree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.turbo/**',
      '**/.turbo/**',
      'infra/ferretdb/**',
      'web-console/test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.eslint.json', './web-console/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The valuable ones: a promise nobody awaits or catches is a lost error
      // (an unhandled rejection kills the process); a promise where a void
      // callback is expected (express handlers, socket listeners, onClick)
      // escapes every error handler; awaiting a non-promise hides a mistake;
      // a switch over a union that misses a member is a forgotten state.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],

      // Noise here, turned off:
      // - no-unsafe-*: every mongoose lean document, JSON body and driver
      //   answer is `any` until a zod schema parses it; the schemas at the
      //   boundary already do the checking these rules would ask for again.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // - require-await: async functions without await keep one signature
      //   across a family of handlers (job handlers, route handlers).
      '@typescript-eslint/require-await': 'off',
      // - explicit `any` is already rare and reviewed; the compiler's strict
      //   mode is the guard.
      '@typescript-eslint/no-explicit-any': 'off',
      // - template literals with numbers and ids are how log lines and keys
      //   are built; restrict-template-expressions only flags those.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // - `x!` after a check the compiler cannot follow (noUncheckedIndexedAccess).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // - rejecting with zod and domain errors that are not Error subclasses
      //   is not done here; the rule's type checks are slow and add nothing.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // - `{}` and empty interfaces appear in generic defaults of socket maps.
      '@typescript-eslint/no-empty-object-type': 'off',
      // - `base-to-string` flags ObjectId and mongoose values whose
      //   toString is the id, the intended reading.
      '@typescript-eslint/no-base-to-string': 'off',
      // - `unbound-method` flags model statics and zod methods passed as
      //   values; they do not use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // - redundant-type-constituents flags zod-inferred unions that carry
      //   `unknown` from passthrough schemas.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // chai's property assertions (`expect(x).to.exist`, `.to.be.true`) are
    // expressions by design.
    files: ['**/test/**/*.ts', 'infra/query-shapes/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['web-console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Plain JS and config files are not part of any tsconfig project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
