import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface BundleResult {
  mainBytes: number
  withinBudget: boolean
  groups: { name: string; bytes: number }[]
}

const BUDGET = 1024 * 1024

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/**
 * The weapp main package is everything in dist/ (there are no subpackages yet). WeChat does not
 * ship *.map or LICENSE files, so they are left out.
 */
export function measureBundle(dist = join(__dirname, '..', 'dist')): BundleResult {
  const shipped = files(dist).filter((f) => !/\.(map|LICENSE\.txt)$/.test(f))
  const groups = new Map<string, number>()
  for (const file of shipped) {
    const rel = relative(dist, file)
    const name = rel.startsWith('pages/') ? 'pages/*' : rel.split('.').pop() === 'js' ? `${rel}` : `*.${rel.split('.').pop()}`
    groups.set(name, (groups.get(name) ?? 0) + statSync(file).size)
  }
  const mainBytes = [...groups.values()].reduce((a, b) => a + b, 0)
  return {
    mainBytes,
    withinBudget: mainBytes <= BUDGET,
    groups: [...groups].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
  }
}
