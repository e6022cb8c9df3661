/**
 * `npm run bench`: bundle size, render cost in the mini-program, API throughput. Prints the
 * figures and records them in bench/RESULTS.md.
 */
import { execSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchDatabase, type RouteResult } from './api'
import { measureBundle, type BundleResult } from './bundle'

const root = join(__dirname, '..')

function apiTable(results: RouteResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.db} | ${r.route} | ${r.api.rps.toFixed(0)} | ${r.api.p99.toFixed(0)} | ${r.raw.rps.toFixed(0)} | ${r.raw.p99.toFixed(1)} | ${(r.api.rps / r.raw.rps).toFixed(2)} | ${r.api.errors} / ${r.raw.errors} |`,
  )
  return [
    '| database | route | API req/s | API p99 ms | raw SQL req/s | raw p99 ms | API ÷ raw | errors API / raw |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}

function bundleTable(bundle: BundleResult): string {
  return [
    `Main package: **${(bundle.mainBytes / 1024).toFixed(0)} KB** (budget 1,024 KB; WeChat's limit 2,048 KB) — ${bundle.withinBudget ? 'within budget' : 'OVER BUDGET'}.`,
    '',
    '| file group | KB |',
    '|---|---|',
    ...bundle.groups.map((g) => `| ${g.name} | ${(g.bytes / 1024).toFixed(1)} |`),
  ].join('\n')
}

async function main(): Promise<void> {
  const bundle = measureBundle()
  console.log(`weapp main package ${(bundle.mainBytes / 1024).toFixed(0)} KB`)
  const api = [...(await benchDatabase('pglite')), ...(await benchDatabase('postgres'))]

  const commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()
  const report = `# Benchmark results

Recorded by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit},
${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.
Load generator and server share the machine.

## Weapp bundle

${bundleTable(bundle)}

## API at 50 connections

Each route is driven for ${process.env.BENCH_SECONDS || 8} s by autocannon over HTTP; "raw SQL" replays, from 50 concurrent
loops, exactly the statements one such request sent to the driver (captured at the driver;
writes inside one transaction). \`API ÷ raw\` is the share of raw database throughput the
whole HTTP stack keeps.

${apiTable(api)}
`
  writeFileSync(join(__dirname, 'RESULTS.md'), report)
  console.log(`\nRecorded in bench/RESULTS.md`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
