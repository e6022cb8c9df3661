/**
 * The main package of the built weapp (dist/) stays within our budget: every resident downloads
 * it before the first page, and committee administration lives in a subpackage so that it does
 * not grow. Measured as `npm run bench` measures it (bench/bundle.ts), so CI and the bench agree.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BUDGET_BYTES, LIMIT_BYTES, measureBundle } from '../../bench/bundle'
import { DIST_DIR } from '../support/weapp-harness'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

beforeAll(() => {
  if (!existsSync(join(DIST_DIR, 'app.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs weapp` (npm test does)')
})

test('the main package is within its budget, and every subpackage within WeChat’s limit', () => {
  const bundle = measureBundle(DIST_DIR)
  // The committee pages are counted in their subpackage, not in the main package.
  expect(bundle.subpackages.map((s) => s.root)).toContain('packages/committee')
  expect(bundle.subpackages.find((s) => s.root === 'packages/committee')!.files).toBeGreaterThan(0)
  // On failure the message names the size and the biggest groups, which say where it grew.
  const over = bundle.withinBudget ? null : `main package ${kb(bundle.mainBytes)} > ${kb(BUDGET_BYTES)}; largest: ${bundle.groups.slice(0, 5).map((g) => `${g.name} ${kb(g.bytes)}`).join(', ')}`
  expect(over).toBeNull()
  expect(bundle.mainBytes).toBeLessThanOrEqual(BUDGET_BYTES)
  expect(bundle.subpackages.filter((s) => s.overLimit).map((s) => `${s.root} ${kb(s.bytes)} > ${kb(LIMIT_BYTES)}`)).toEqual([])
})
