/**
 * The import boundaries in eslint.config.mjs, each fed a violating import, so a config change
 * that silences a rule (a renamed option, a plugin upgrade, a wrong glob) fails here instead of
 * letting the seams erode unnoticed. Snippets are linted as if they were files at `filePath`;
 * imports resolve against the real tree, so they name real files.
 */
import { ESLint } from 'eslint'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')
let eslint: ESLint

beforeAll(async () => {
  // jest cannot `import()` the .mjs config file as ESLint would: load it through jest's own
  // transform and hand it over, so it is still exactly the project's config.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../eslint.config.mjs').default
  eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config })
})

/** The boundary errors for `code` as the file at `filePath` (relative to the root). */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  const fatal = result.messages.filter((m) => m.fatal)
  if (fatal.length) throw new Error(`${filePath} did not parse: ${fatal.map((m) => m.message).join('; ')}`)
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message)
}

describe('src/domain is pure TypeScript', () => {
  test('no relative import leaving src/domain', async () => {
    expect(await boundaryErrors('src/domain/scratch.ts', "export { apiBase } from '../services/config'\n")).toEqual([
      expect.stringContaining('src/domain is pure TypeScript and imports only src/domain, not ../services/config'),
    ])
    expect(await boundaryErrors('src/domain/scratch.ts', "import '../../test/support/png'\n")).toHaveLength(1)
  })

  test('no packages, not even node built-ins', async () => {
    const code = "import dayjs from 'dayjs'\nimport { readFileSync } from 'node:fs'\nexport const uses = [dayjs, readFileSync]\n"
    expect(await boundaryErrors('src/domain/scratch.ts', code)).toEqual([
      expect.stringContaining('src/domain imports no packages'),
      expect.stringContaining('src/domain imports no packages'),
    ])
  })
})

describe('pages and components do not import services', () => {
  test.each([
    ['src/pages/me/scratch.tsx', "import { apiBase } from '../../services/config'\nexport const base = apiBase\n"],
    ['src/pages/me/scratch.tsx', "import type { Api } from '../../services/api'\nexport type Fetchers = Api\n"],
    ['src/components/scratch.tsx', "import { pickPhotos } from '../services/media'\nexport const pick = pickPhotos\n"],
  ])('%s: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([expect.stringContaining('pages and components reach the API only through stores')])
  })
})

describe('server/', () => {
  test('imports from src/ only src/domain', async () => {
    expect(await boundaryErrors('server/routes/scratch.ts', "import { messageOf } from '../../src/stores/errors'\nexport const m = messageOf\n")).toEqual([
      expect.stringContaining('server/ imports from src/ only src/domain'),
    ])
  })

  test('imports from types/ only the contract', async () => {
    expect(await boundaryErrors('server/scratch.ts', "import '../types/global.d'\n")).toEqual([
      expect.stringContaining('server/ imports from types/ only the contract (api, people, community, contacts, meetings, problem-list, messages, clock-targets, live .ts), not ../types/global.d'),
    ])
  })

  test.each(['api', 'people', 'community', 'contacts', 'meetings', 'problem-list', 'messages', 'clock-targets', 'live'])('may import the contract file types/%s.ts', async (name) => {
    expect(await boundaryErrors('server/routes/scratch.ts', `import * as contract from '../../types/${name}'\nexport const c = contract\n`)).toEqual([])
  })

  test('every file of types/ but global.d.ts is contract the server may import', async () => {
    // A new contract file in types/ must be allowed in eslint.config.mjs too.
    const files = readdirSync(join(root, 'types')).filter((f) => f !== 'global.d.ts')
    expect(files.length).toBeGreaterThanOrEqual(5)
    for (const file of files) {
      const code = `import * as contract from '../types/${file.replace(/\.ts$/, '')}'\nexport const c = contract\n`
      expect([file, await boundaryErrors('server/scratch.ts', code)]).toEqual([file, []])
    }
  })

  test.each(['react', '@tarojs/taro', 'mobx', 'mobx-react-lite', '@nutui/nutui-react-taro'])('never imports %s', async (name) => {
    expect(await boundaryErrors('server/scratch.ts', `import ui from '${name}'\nexport const x = ui\n`)).toEqual([
      expect.stringContaining('server/ never imports UI packages'),
    ])
  })
})

describe('types/', () => {
  test('imports only src/domain and @sinclair/typebox', async () => {
    expect(await boundaryErrors('types/scratch.ts', "import { messageOf } from '../src/stores/errors'\nexport const m = messageOf\n")).toEqual([
      expect.stringContaining('types/ imports only types/, src/domain and @sinclair/typebox'),
    ])
    expect(await boundaryErrors('types/scratch.ts', "import fastify from 'fastify'\nexport const f = fastify\n")).toEqual([
      expect.stringContaining('types/ imports no package but @sinclair/typebox'),
    ])
  })
})

test('imports along the architecture pass', async () => {
  const allowed: [string, string][] = [
    ['src/domain/scratch.ts', "import { ROLES } from './roles'\nexport const roles = ROLES\n"],
    ['src/pages/me/scratch.tsx', "import { useStores } from '../../stores/root-store'\nimport { toast } from '../../utils/navigation'\nexport const uses = [useStores, toast]\n"],
    ['src/stores/scratch.ts', "import type { Api } from '../services/api'\nexport type Fetchers = Api\n"],
    ['server/routes/scratch.ts', "import { ROLES } from '../../src/domain'\nimport type { ApiError } from '../../types/api'\nimport fastify from 'fastify'\nexport const uses: unknown[] = [ROLES, fastify, null as ApiError | null]\n"],
    ['types/scratch.ts', "import { Type } from '@sinclair/typebox'\nimport { ROLES } from '../src/domain'\nexport const uses = [Type, ROLES]\n"],
    // tests are free: they reach into every layer.
    ['test/unit/scratch.test.ts', "import { apiBase } from '../../src/services/config'\nimport React from 'react'\nexport const uses = [apiBase, React]\n"],
  ]
  for (const [filePath, code] of allowed) {
    const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
    expect([filePath, result.messages]).toEqual([filePath, []])
  }
})
