// `npm run test:devtools`: builds the weapp against a local test server and runs the
// miniprogram-automator suite in WeChat DevTools (Windows/macOS; WECHAT_DEVTOOLS_CLI must be set).
import { spawnSync } from 'node:child_process'
import { build } from './build.mjs'

if (!process.env.WECHAT_DEVTOOLS_CLI) {
  console.error('Set WECHAT_DEVTOOLS_CLI to the WeChat DevTools CLI (see README).')
  process.exit(1)
}
const port = process.env.SANDAN_TEST_PORT || '3900'
process.env.SANDAN_API_BASE = `http://127.0.0.1:${port}`
build('weapp', { force: true })
const env = { ...process.env, SANDAN_DEVTOOLS: '1', SANDAN_TEST_PORT: port }
const result = spawnSync('npx', ['jest', '--selectProjects', 'devtools', '--runInBand'], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
