// One jest run, several projects: each keeps its own environment and timeouts.
// `devtools` needs WeChat DevTools (Windows/macOS) and is run only by `npm run test:devtools`.
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': 'babel-jest', '^.+\\.mjs$': 'babel-jest' },
  // These ship ESM only; babel turns them into CommonJS (cookie: fastify's inject needs it).
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|swiper|ssr-window|dom7|cookie)/)'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
}

const project = (name, extra = {}) => ({
  ...base,
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
})

const all = [
  project('unit'),
  project('server'),
  project('weapp'),
  project('e2e'),
  project('devtools'),
]

const selected = process.env.SANDAN_DEVTOOLS ? all : all.filter((p) => p.displayName !== 'devtools')

module.exports = { projects: selected, testTimeout: 30000 }
