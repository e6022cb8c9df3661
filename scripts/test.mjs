// `npm test`: lints (the import boundaries are lint rules, so a crossed seam fails the tests),
// builds weapp, H5 and the server when stale (the weapp, e2e and lifecycle suites test the built output), then runs
// every jest project. Extra arguments go to jest.
import { spawnSync } from 'node:child_process'
import { build } from './build.mjs'

const lint = spawnSync('npx', ['eslint', '.'], { stdio: 'inherit' })
if (lint.status !== 0) {
  console.error('npm test: lint failed (see above; `npm run lint` to run it alone)')
  process.exit(lint.status ?? 1)
}
build('weapp')
build('h5')
build('server')
const result = spawnSync('npx', ['jest', '--ci', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
