// ESLint: typescript-eslint's recommended rules (no type information: fast, no project build)
// and the import rules of src/README.md and server/README.md as boundaries. No stylistic rules.
// test/unit/lint-boundaries.test.ts feeds a violating import to each boundary rule, so a
// change here that silences one fails the tests.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import boundaries from 'eslint-plugin-boundaries'
import tseslint from 'typescript-eslint'

/** The packages that make the UI: never on the server. */
const UI_PACKAGES = ['react', 'react/**', 'react-dom', 'react-dom/**', 'mobx', 'mobx-react-lite', '@tarojs/**', '@nutui/**']

/** Node's CommonJS and timer globals, for the plain .js/.mjs config and script files. */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'require', 'module', '__dirname', 'Buffer', 'URL', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
)

export default defineConfig(
  {
    ignores: [
      'dist/**', 'dist-h5/**', 'build/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'data/**', '.swc/**',
      'server/db/migrations/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    rules: {
      // `_`-prefixed parameters and rest siblings are deliberate (e.g. `(_order, actor) =>`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The import boundaries. Files are classified by folder, and an import by the file it
    // resolves to, however its path is spelled. tests, bench and scripts are free.
    files: ['src/**', 'server/**', 'types/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json'] } },
      // Anchored at the project root (partialMatch: false): a package's own src/ folder (pg-boss
      // keeps its code in one) is not our UI.
      'boundaries/elements': [
        { type: 'domain', pattern: 'src/domain/**', partialMatch: false },
        { type: 'services', pattern: 'src/services/**', partialMatch: false },
        { type: 'stores', pattern: 'src/stores/**', partialMatch: false },
        { type: 'components', pattern: 'src/components/**', partialMatch: false },
        { type: 'pages', pattern: 'src/pages/**', partialMatch: false },
        // Subpackage pages (committee administration) are pages too.
        { type: 'pages', pattern: 'src/packages/**', partialMatch: false },
        { type: 'utils', pattern: 'src/utils/**', partialMatch: false },
        { type: 'app', pattern: 'src/*', partialMatch: false }, // app.tsx, app.config.ts
        { type: 'types', pattern: 'types/**', partialMatch: false },
        { type: 'server', pattern: 'server/**', partialMatch: false },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          // Packages and node: modules are checked too, and files outside every element.
          checkAllOrigins: true,
          checkUnknownLocals: true,
          policies: [
            {
              from: { element: { type: 'domain' } },
              disallow: { to: { module: { origin: 'local' }, file: { path: '!src/domain/**' } } },
              message: 'src/domain is pure TypeScript and imports only src/domain, not {{dependency.source}}',
            },
            {
              from: { element: { type: 'domain' } },
              disallow: { to: { module: { origin: ['external', 'core'] } } },
              message: 'src/domain imports no packages (no Taro, React, mobx, dayjs or I/O): {{dependency.source}}',
            },
            {
              from: { element: { types: { anyOf: ['pages', 'components'] } } },
              disallow: { to: { element: { type: 'services' } } },
              message:
                'pages and components reach the API only through stores (src/stores) or utils, not {{dependency.source}}',
            },
            {
              from: { element: { type: 'server' } },
              disallow: { to: { element: { types: { anyOf: ['services', 'stores', 'components', 'pages', 'utils', 'app'] } } } },
              message: 'server/ imports from src/ only src/domain, not {{dependency.source}}',
            },
            {
              from: { element: { type: 'server' } },
              disallow: { to: { element: { type: 'types', fileInternalPath: '!{api,people,community,contacts,meetings,problem-list,messages,clock-targets,live}.ts' } } },
              message: 'server/ imports from types/ only the contract (api, people, community, contacts, meetings, problem-list, messages, clock-targets, live .ts), not {{dependency.source}}',
            },
            {
              from: { element: { type: 'server' } },
              disallow: { to: { module: { origin: 'external', source: UI_PACKAGES } } },
              message: 'server/ never imports UI packages (React, Taro, mobx, NutUI): {{dependency.source}}',
            },
            {
              from: { element: { type: 'types' } },
              disallow: { to: { module: { origin: 'local' }, file: { path: '!{src/domain,types}/**' } } },
              message: 'types/ imports only types/, src/domain and @sinclair/typebox, not {{dependency.source}}',
            },
            {
              from: { element: { type: 'types' } },
              disallow: { to: { module: { origin: ['external', 'core'], source: '!@sinclair/typebox' } } },
              message: 'types/ imports no package but @sinclair/typebox, not {{dependency.source}}',
            },
          ],
        },
      ],
    },
  },
)
