// `npm start`: builds the H5 app if needed, then runs the API server, which also serves it.
import { spawn } from 'node:child_process'
import { build } from './build.mjs'

build('h5')
const server = spawn('npx', ['tsx', 'server/main.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
