// `npm start`: runs the API server, which also serves the H5 app (built first when needed).
// `npm run admin -- …` comes through here too (`start.mjs admin …`).
//
// Production (NODE_ENV or SANDAN_ENV = production) runs the compiled server in build/ with
// plain node, building it only when it is missing; elsewhere TypeScript runs through tsx.
// The server is this process's direct child (no npx, no tsx CLI in between, which do not pass
// signals on reliably): SIGTERM/SIGINT are forwarded to it and we exit with its code.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from './build.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const production = process.env.NODE_ENV === 'production' || process.env.SANDAN_ENV === 'production'
const [entry, ...args] = process.argv[2] === 'admin' ? ['admin', ...process.argv.slice(3)] : ['main']

// A set H5_DIR names a build made elsewhere (or none, in tests): nothing to build here.
if (entry === 'main' && !process.env.H5_DIR) build('h5', { ifMissing: production })
if (production) build('server', { ifMissing: true })

const nodeArgs = production
  ? [join(root, 'build', 'server', `${entry}.js`)]
  : ['--import', import.meta.resolve('tsx'), join(root, 'server', `${entry}.ts`)]
const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: 'inherit' })

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))
