import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface SubpackageSize {
  /** As declared in app.json, e.g. `packages/committee`. */
  root: string
  bytes: number
  files: number
  /** Over WeChat's limit for one package. */
  overLimit: boolean
}

export interface BundleResult {
  /** Everything outside the subpackages: what every user downloads before the first page. */
  mainBytes: number
  mainFiles: number
  /** Main package within our budget (BUDGET_BYTES). */
  withinBudget: boolean
  /** Main package within WeChat's limit (LIMIT_BYTES). */
  mainWithinLimit: boolean
  /** File groups of the main package. */
  groups: { name: string; bytes: number }[]
  subpackages: SubpackageSize[]
  /** Main package plus every subpackage. */
  totalBytes: number
}

/** Our target for the main package. */
export const BUDGET_BYTES = 1024 * 1024
/** WeChat's limit for any one package, main or sub. */
export const LIMIT_BYTES = 2 * 1024 * 1024

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/**
 * Subpackage roots as the built app.json declares them (`subPackages`, or its alias
 * `subpackages`); when app.json does not say, every folder under `packages/`.
 */
function subpackageRoots(dist: string): string[] {
  const appJson = join(dist, 'app.json')
  if (existsSync(appJson)) {
    const app = JSON.parse(readFileSync(appJson, 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
    const declared = app.subPackages ?? app.subpackages
    if (declared) return declared.map((p) => p.root.replace(/^\/+|\/+$/g, ''))
  }
  const packages = join(dist, 'packages')
  return existsSync(packages) ? readdirSync(packages).filter((n) => statSync(join(packages, n)).isDirectory()).map((n) => `packages/${n}`) : []
}

/**
 * The weapp's packages as WeChat counts them: the main package is everything in dist/ outside
 * the subpackage roots (pages, the shared vendors/taro/common chunks, app.*), each subpackage
 * is its own folder. WeChat does not ship *.map or LICENSE files, so they are left out.
 */
export function measureBundle(dist = join(__dirname, '..', 'dist')): BundleResult {
  const roots = subpackageRoots(dist)
  const shipped = files(dist).filter((f) => !/\.(map|LICENSE\.txt)$/.test(f))
  const groups = new Map<string, number>()
  let mainFiles = 0
  const subpackages = new Map<string, SubpackageSize>(roots.map((root) => [root, { root, bytes: 0, files: 0, overLimit: false }]))
  for (const file of shipped) {
    const rel = relative(dist, file).split(sep).join('/')
    const size = statSync(file).size
    const sub = roots.find((root) => rel.startsWith(`${root}/`))
    if (sub) {
      const entry = subpackages.get(sub)!
      entry.bytes += size
      entry.files += 1
      continue
    }
    const name = rel.startsWith('pages/') ? 'pages/*' : rel.split('.').pop() === 'js' ? `${rel}` : `*.${rel.split('.').pop()}`
    groups.set(name, (groups.get(name) ?? 0) + size)
    mainFiles += 1
  }
  const mainBytes = [...groups.values()].reduce((a, b) => a + b, 0)
  const subs = [...subpackages.values()].map((s) => ({ ...s, overLimit: s.bytes > LIMIT_BYTES }))
  return {
    mainBytes,
    mainFiles,
    withinBudget: mainBytes <= BUDGET_BYTES,
    mainWithinLimit: mainBytes <= LIMIT_BYTES,
    groups: [...groups].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    subpackages: subs,
    totalBytes: mainBytes + subs.reduce((sum, s) => sum + s.bytes, 0),
  }
}
