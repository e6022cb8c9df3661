// Builds the weapp app, the H5 app and/or the compiled server when the output is missing or
// older than its sources, one at a time (each build takes most of this machine); `bench` (not
// built by default) compiles the benchmark's two servers (bench/api.ts builds it itself).
// Build output goes to test-results/build-<type>.log, not the terminal (Taro prints progress bars).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

const TARGETS = {
  weapp: {
    output: 'dist/app.js',
    sources: ['src', 'types', 'config', 'babel.config.js', 'package.json'],
    command: 'npx taro build --type weapp',
  },
  h5: {
    output: 'dist-h5/index.html',
    sources: ['src', 'types', 'config', 'babel.config.js', 'package.json'],
    command: 'npx taro build --type h5',
  },
  // Production runs plain node on build/ (no TypeScript loader). The server finds its
  // migrations next to its own code (`__dirname`), so they are copied beside the output.
  server: {
    output: 'build/server/main.js',
    sources: ['server', 'src/domain', 'types', 'tsconfig.json', 'tsconfig.server.json', 'package.json'],
    command: `"${process.execPath}" "${tsc}" -p tsconfig.server.json`,
    before: () => rmSync(join(root, 'build'), { recursive: true, force: true }),
    after: () => cpSync(join(root, 'server', 'db', 'migrations'), join(root, 'build', 'server', 'db', 'migrations'), { recursive: true }),
  },
  // The benchmark's app and baseline servers (bench/api.ts), compiled as production runs the app.
  bench: {
    output: 'build/bench/bench/api-server.js',
    sources: ['bench', 'server', 'src/domain', 'types', 'tsconfig.json', 'tsconfig.server.json', 'tsconfig.bench.json', 'package.json'],
    command: `"${process.execPath}" "${tsc}" -p tsconfig.bench.json`,
    before: () => rmSync(join(root, 'build', 'bench'), { recursive: true, force: true }),
  },
}

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

export function isStale(type) {
  const { output, sources } = TARGETS[type]
  if (!existsSync(join(root, output))) return true
  const newest = Math.max(...sources.map((s) => join(root, s)).filter(existsSync).map(newestMtime))
  return newest > statSync(join(root, output)).mtimeMs
}

/** `ifMissing`: build only when there is no output at all (production installs may lack sources or dev tools). */
export function build(type, { force = false, ifMissing = false } = {}) {
  const target = TARGETS[type]
  if (!force && (ifMissing ? existsSync(join(root, target.output)) : !isStale(type))) return
  mkdirSync(join(root, 'test-results'), { recursive: true })
  const log = join(root, 'test-results', `build-${type}.log`)
  console.log(`Building ${type} (log: ${log}) …`)
  const started = Date.now()
  target.before?.()
  const result = spawnSync(`${target.command} > "${log}" 2>&1`, { cwd: root, shell: true, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'))
    console.error(`The ${type} build failed; see ${log}`)
    // No half-built output (tsc emits despite type errors): the next start or bench must not run it.
    rmSync(join(root, target.output), { force: true })
    process.exit(result.status ?? 1)
  }
  target.after?.()
  console.log(`Built ${type} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const types = process.argv.slice(2).filter((a) => a in TARGETS)
  for (const type of types.length ? types : ['weapp', 'h5', 'server']) build(type, { force: process.argv.includes('--force') })
}
