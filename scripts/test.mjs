// `npm test`: builds weapp and H5 when stale (the weapp and e2e suites test the built output),
// then runs every jest project. Extra arguments go to jest.
import { spawnSync } from 'node:child_process'
import { build } from './build.mjs'

build('weapp')
build('h5')
const result = spawnSync('npx', ['jest', '--ci', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
