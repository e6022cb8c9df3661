/**
 * The weapp build (dist/) passes WeChat's own WXML and WXSS compilers (wcc/wcsc from
 * `miniprogram-compiler`, the Linux builds of what DevTools runs), and app.json lists every page,
 * the subpackages' (committee administration, minutes) included.
 * `npm test` builds dist/ first when it is stale.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DIST_DIR } from '../support/weapp-harness'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiler = require('miniprogram-compiler') as {
  wxmlToJs(root: string, options?: { maxBuffer?: number }): string
  wxssToJs(root: string, options?: { maxBuffer?: number }): string
}
// wxssToJs hides wcsc's own error (it fails later with a TypeError); wcsc gives the message.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wcsc = require('miniprogram-compiler/src/wcsc') as (root: string, files: string[]) => Record<string, string> | Error

const maxBuffer = 64 * 1024 * 1024
interface Subpackage { root: string; pages: string[] }
interface AppConfig { pages: string[]; subPackages?: Subpackage[]; tabBar?: { list: { pagePath: string }[] } }
const appJson = () => JSON.parse(readFileSync(join(DIST_DIR, 'app.json'), 'utf8')) as AppConfig

function sourceConfig(): AppConfig {
  // app.config.ts calls Taro's compile-time macro; outside the build it is the identity.
  ;(globalThis as Record<string, unknown>).defineAppConfig = (config: unknown) => config
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../src/app.config') as { default: AppConfig }).default
}
const sourcePages = () => sourceConfig().pages
/** Every subpackage page as WeChat routes it, e.g. `packages/committee/approvals/index`. */
const subpackagePages = () => (appJson().subPackages ?? []).flatMap(({ root, pages }) => pages.map((page) => `${root.replace(/\/+$/, '')}/${page}`))

beforeAll(() => {
  if (!existsSync(join(DIST_DIR, 'app.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs weapp` (npm test does)')
})

test('dist/app.json lists every page of src/app.config.ts, and each page has its four files', () => {
  const pages = sourcePages()
  expect(pages.length).toBeGreaterThan(0)
  expect(appJson().pages).toEqual(pages)
  for (const tab of appJson().tabBar?.list ?? []) expect(pages).toContain(tab.pagePath)
  for (const page of pages) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(existsSync(join(DIST_DIR, `${page}.${ext}`)) ? '' : `${page}.${ext} missing`).toBe('')
  }
})

test('dist/app.json declares the subpackages of src/app.config.ts, and each subpackage page has its four files', () => {
  const declared = sourceConfig().subPackages ?? []
  // The admin subpackage is what keeps committee pages out of the resident's download.
  expect(declared.map((p) => p.root)).toContain('packages/committee')
  expect(appJson().subPackages).toEqual(declared)
  const pages = subpackagePages()
  expect(pages).toContain('packages/committee/approvals/index')
  const missing = pages.flatMap((page) => ['js', 'json', 'wxml', 'wxss'].filter((ext) => !existsSync(join(DIST_DIR, `${page}.${ext}`))).map((ext) => `${page}.${ext}`))
  expect(missing).toEqual([])
})

test('WXML compiles with wcc, and every page template, main and subpackage, is in the result', () => {
  const js = compiler.wxmlToJs(DIST_DIR, { maxBuffer })
  // The result defines $gwx(path): a render function per compiled file (it writes a few globals).
  const sandbox = { window: {} as Record<string, unknown> }
  const $gwx = new Function('window', `${js}`)(sandbox.window) as (path: string) => unknown
  const pages = [...appJson().pages, ...subpackagePages()]
  expect(pages.filter((page) => typeof $gwx(`${page}.wxml`) !== 'function')).toEqual([])
})

test('WXSS compiles with wcsc, the subpackage pages’ included', () => {
  expect(() => compiler.wxssToJs(DIST_DIR, { maxBuffer })).not.toThrow()
  // A subpackage's pages import its shared chunk (`sub-vendors.wxss`), which wcsc must be given too.
  const shared = (appJson().subPackages ?? []).flatMap(({ root }) => ['sub-vendors', 'sub-common'].map((name) => `${root.replace(/\/+$/, '')}/${name}`))
  const files = [...appJson().pages, ...subpackagePages(), ...shared, 'app', 'app-origin', 'common', 'comp'].filter((f) => existsSync(join(DIST_DIR, `${f}.wxss`)))
  expect(files).toEqual(expect.arrayContaining(subpackagePages()))
  const result = wcsc(DIST_DIR, files)
  expect(result instanceof Error ? result.message : '').toBe('')
})

test('the compilers do reject broken output (so the checks above mean something)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandan-badmp-'))
  try {
    mkdirSync(join(dir, 'pages', 'a'), { recursive: true })
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ pages: ['pages/a/index'] }))
    writeFileSync(join(dir, 'pages', 'a', 'index.json'), '{}')
    writeFileSync(join(dir, 'pages', 'a', 'index.wxml'), '<view>{{a</view><text>')
    writeFileSync(join(dir, 'pages', 'a', 'index.wxss'), '.a{color:red')
    expect(() => compiler.wxmlToJs(dir)).toThrow(/wxml/)
    expect(() => compiler.wxssToJs(dir)).toThrow()
    expect(String(wcsc(dir, ['pages/a/index']))).toMatch(/wxss/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
