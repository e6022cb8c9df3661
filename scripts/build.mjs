// Builds the weapp and/or H5 app when its output is missing or older than the sources.
// Taro prints progress bars: the log goes to test-results/build-<type>.log, not the terminal.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const OUTPUT = { weapp: 'dist/app.js', h5: 'dist-h5/index.html' }
const SOURCES = ['src', 'types', 'config', 'babel.config.js', 'package.json']

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

export function isStale(type) {
  const output = join(root, OUTPUT[type])
  if (!existsSync(output)) return true
  const sources = Math.max(...SOURCES.map((s) => join(root, s)).filter(existsSync).map(newestMtime))
  return sources > statSync(output).mtimeMs
}

export function build(type, { force = false } = {}) {
  if (!force && !isStale(type)) return
  mkdirSync(join(root, 'test-results'), { recursive: true })
  const log = join(root, 'test-results', `build-${type}.log`)
  console.log(`Building ${type} (log: ${log}) …`)
  const started = Date.now()
  const result = spawnSync(`npx taro build --type ${type} > "${log}" 2>&1`, { cwd: root, shell: true, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`The ${type} build failed; see ${log}`)
    process.exit(result.status ?? 1)
  }
  console.log(`Built ${type} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const types = process.argv.slice(2).filter((a) => a in OUTPUT)
  for (const type of types.length ? types : Object.keys(OUTPUT)) build(type, { force: process.argv.includes('--force') })
}
