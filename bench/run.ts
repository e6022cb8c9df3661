/**
 * `npm run bench`: bundle size, render cost in the mini-program, API throughput. Prints the
 * figures and records them in bench/RESULTS.md.
 *
 * The bundle and render sections read the built dist/: without it (or with BENCH_API_ONLY=1)
 * they are not measured, and RESULTS.md keeps their previous text, marked as such.
 *
 * BENCH_RESULTS_FILE: where to write the report instead of bench/RESULTS.md (e.g. a short trial
 * run that must not replace the recorded figures); sections not measured are still taken from
 * bench/RESULTS.md. BENCH_CHECK_ONLY=1: only the API section's checks (the baseline sends the
 * app's SQL and answers its JSON), nothing measured or written (see bench/api.ts).
 */
import { execSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchApi, CHECK_ONLY, median, type ApiBench, type RouteResult, type Summary } from './api'
import { BUDGET_BYTES, LIMIT_BYTES, measureBundle, type BundleResult } from './bundle'
import { benchOrdersPage, type RenderStep } from './render'

const root = join(__dirname, '..')
const RESULTS = join(__dirname, 'RESULTS.md')
const OUTPUT = process.env.BENCH_RESULTS_FILE || RESULTS

const f0 = (n: number) => n.toFixed(0)
const f2 = (n: number) => n.toFixed(2)
const f3 = (n: number | null) => (n === null || Number.isNaN(n) ? 'n/a' : n.toFixed(3))
const pct = (n: number) => `${(n * 100).toFixed(0)} %`

interface Verdict {
  ratio: number
  p99Ratio: number
  met: boolean | null
  text: string
}

/** Each round's app-to-baseline ratio of `value`: the two sides of a round were measured interleaved. */
const pairedRatios = (r: RouteResult, value: (m: Summary['runs'][number]) => number) => r.api.runs.map((m, i) => value(m) / value(r.baseline!.runs[i]))

function verdictOf(r: RouteResult): Verdict {
  const ratio = median(pairedRatios(r, (m) => m.rps))
  const p99Ratio = median(pairedRatios(r, (m) => m.p99))
  if (!r.target) return { ratio, p99Ratio, met: null, text: '—' }
  const rpsMet = ratio >= r.target.minRatio
  const p99Met = r.target.maxP99Ratio === undefined || p99Ratio <= r.target.maxP99Ratio
  const goal = `≥ ${pct(r.target.minRatio)}${r.target.maxP99Ratio === undefined ? '' : `, p99 ≤ ${r.target.maxP99Ratio}×`}`
  const missed = [!rpsMet && 'req/s', !p99Met && 'p99'].filter(Boolean).join(' and ')
  return { ratio, p99Ratio, met: rpsMet && p99Met, text: `${goal}: ${rpsMet && p99Met ? '**met**' : `**not met** (${missed})`}` }
}

function apiTable(results: RouteResult[]): string {
  const rows = results.map((r) => {
    const b = r.baseline!
    const v = verdictOf(r)
    return `| ${r.route} | ${f0(r.api.rps)} | ${f0(b.rps)} | ${f2(v.ratio)} | ${v.text} | ${f0(r.api.p99)} | ${f0(b.p99)} | ${f2(v.p99Ratio)} | ${f3(r.api.cpuMsPerReq)} | ${f3(b.cpuMsPerReq)} | ${r.api.errors} / ${b.errors} |`
  })
  return [
    '| route | API req/s | baseline req/s | ratio | target | API p99 ms | baseline p99 ms | p99 ratio | API CPU ms/req | baseline CPU ms/req | errors API / baseline |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}

function requestsTable(results: RouteResult[]): string {
  return ['| route | request | as |', '|---|---|---|', ...results.map((r) => `| ${r.route} | \`${r.request}\` | ${asWhom(r.route)} |`)].join('\n')
}

function asWhom(route: string): string {
  if (route.startsWith('committee') || route === 'detail') return 'community committee (community level, first community)'
  if (route.startsWith('resident') || route === 'create') return 'resident (demo household)'
  if (route === 'responder mine') return 'the responder with the most orders of their own'
  return 'volunteer (community level)'
}

function cpuTable(results: RouteResult[]): string {
  const total = (s: Summary) => s.cpuMsPerReq + (s.pgCpuMsPerReq ?? 0)
  return [
    '| route | API node | baseline node | node Δ | API PG backends | baseline PG backends | PG Δ | API node + PG | baseline node + PG | load generator (API runs) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const b = r.baseline!
      const pgDelta = r.api.pgCpuMsPerReq === null || b.pgCpuMsPerReq === null ? null : r.api.pgCpuMsPerReq - b.pgCpuMsPerReq
      return `| ${r.route} | ${f3(r.api.cpuMsPerReq)} | ${f3(b.cpuMsPerReq)} | ${f3(r.api.cpuMsPerReq - b.cpuMsPerReq)} | ${f3(r.api.pgCpuMsPerReq)} | ${f3(b.pgCpuMsPerReq)} | ${f3(pgDelta)} | ${f3(total(r.api))} | ${f3(total(b))} | ${f3(r.api.loadGenCpuMsPerReq)} |`
    }),
  ].join('\n')
}

function runsTable(results: RouteResult[]): string {
  const list = (values: number[]) => values.map((v) => f0(v)).join(' / ')
  const ratios = (values: number[]) => values.map((v) => f2(v)).join(' / ')
  return [
    '| route | API req/s per run | baseline req/s per run | ratio per run | API p99 ms per run | baseline p99 ms per run | p99 ratio per run |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.route} | ${list(r.api.runs.map((m) => m.rps))} | ${list(r.baseline!.runs.map((m) => m.rps))} | ${ratios(pairedRatios(r, (m) => m.rps))} | ${list(r.api.runs.map((m) => m.p99))} | ${list(r.baseline!.runs.map((m) => m.p99))} | ${ratios(pairedRatios(r, (m) => m.p99))} |`,
    ),
  ].join('\n')
}

function pgliteTable(results: RouteResult[]): string {
  return [
    '| route | API req/s | API p99 ms | API CPU ms/req (server and database, one process) | req/s per run | errors |',
    '|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.route} | ${f0(r.api.rps)} | ${f0(r.api.p99)} | ${f3(r.api.cpuMsPerReq)} | ${r.api.runs.map((m) => f0(m.rps)).join(' / ')} | ${r.api.errors} |`),
  ].join('\n')
}

/** Data-derived only: for each missed target, where the extra CPU per request is. */
function gaps(results: RouteResult[]): string {
  const missed = results.filter((r) => verdictOf(r).met === false)
  if (missed.length === 0) return 'Every target was met in this run.'
  return missed
    .map((r) => {
      const b = r.baseline!
      const node = r.api.cpuMsPerReq - b.cpuMsPerReq
      const pgDelta = r.api.pgCpuMsPerReq === null || b.pgCpuMsPerReq === null ? null : r.api.pgCpuMsPerReq - b.pgCpuMsPerReq
      return `- ${r.route}: ratio ${f2(verdictOf(r).ratio)}, p99 ratio ${f2(verdictOf(r).p99Ratio)}; the app's process spends ${f3(node)} ms more CPU per request than the baseline's${pgDelta === null ? '' : `, its PostgreSQL backends ${f3(pgDelta)} ms more`}.`
    })
    .join('\n')
}

const kb = (bytes: number) => (bytes / 1024).toLocaleString('en', { maximumFractionDigits: 0 })
const kb1 = (bytes: number) => (bytes / 1024).toFixed(1)

/** The main package against our budget and WeChat's limit. */
function bundleVerdict(bundle: BundleResult): string {
  if (!bundle.mainWithinLimit) return `**OVER WeChat's ${kb(LIMIT_BYTES)} KB limit** (the upload would be refused)`
  return bundle.withinBudget ? 'within budget' : `**OVER BUDGET** (main package > ${kb(BUDGET_BYTES)} KB)`
}

function bundleTable(bundle: BundleResult): string {
  const subs = bundle.subpackages
  return [
    `Main package: **${kb(bundle.mainBytes)} KB** (budget ${kb(BUDGET_BYTES)} KB; WeChat's limit ${kb(LIMIT_BYTES)} KB per package) — ${bundleVerdict(bundle)}.`,
    subs.length
      ? `Subpackages: ${subs.map((p) => `\`${p.root}\` **${kb(p.bytes)} KB**${p.overLimit ? ` (**OVER WeChat's ${kb(LIMIT_BYTES)} KB limit**)` : ''}`).join(', ')}; all packages together ${kb(bundle.totalBytes)} KB.`
      : 'No subpackages.',
    '',
    '| package | KB | files |',
    '|---|---|---|',
    `| main (everything outside the subpackages) | ${kb1(bundle.mainBytes)} | ${bundle.mainFiles} |`,
    ...subs.map((p) => `| \`${p.root}\` (subpackage) | ${kb1(p.bytes)} | ${p.files} |`),
    '',
    '| main package file group | KB |',
    '|---|---|',
    ...bundle.groups.map((g) => `| ${g.name} | ${kb1(g.bytes)} |`),
  ].join('\n')
}

function renderTable(steps: RenderStep[]): string {
  return [
    '| step | cards | elements | setData calls | setData bytes |',
    '|---|---|---|---|---|',
    ...steps.map((s) => `| ${s.step} | ${s.cards} | ${s.elements} | ${s.calls} | ${s.bytes.toLocaleString('en')} |`),
  ].join('\n')
}

/** A section of the previous RESULTS.md (from its heading to the next), for sections not re-measured. */
function previousSection(heading: string): string | null {
  if (!existsSync(RESULTS)) return null
  const text = readFileSync(RESULTS, 'utf8')
  const start = text.indexOf(`## ${heading}\n`)
  if (start < 0) return null
  const body = text.slice(start + heading.length + 4)
  const end = body.indexOf('\n## ')
  return (end < 0 ? body : body.slice(0, end)).trim().replace(/^_Not measured[^\n]*\n\n/, '')
}

function commitLine(): string {
  const commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()
  const changed = execSync('git status --porcelain --untracked-files=no', { cwd: root })
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
  return changed.length ? `commit ${commit} plus uncommitted changes to ${changed.map((f) => `\`${f}\``).join(', ')}` : `commit ${commit}`
}

function apiSection(api: ApiBench): string {
  const s = api.settings
  const met = api.postgres.filter((r) => verdictOf(r).met === true).length
  const targeted = api.postgres.filter((r) => r.target).length
  return `## API at ${s.connections} connections (PostgreSQL ${s.pgVersion ?? '?'})

**${met} of ${targeted} targets met.** Medians of **${s.runs} run${s.runs === 1 ? '' : 's'}**; each run drives every route for
${s.seconds} s on the app and ${s.seconds} s on the baseline, each in two halves of ${s.seconds / 2} s after a ${s.warmup / 2} s warm-up, in the order
app, baseline, baseline, app (baseline, app, app, baseline in even runs): a drift of the machine's speed within
the run weighs on both sides alike. Before the first run every route is driven on both servers, untimed
(a fresh process is slower at first, and the side measured first would pay for it). A run's p99 is the 99th
percentile of every response of its two halves. The ratios (and the targets) are the medians of each run's own
ratio, app over baseline: this machine has slower and faster spells lasting longer than a run, which a ratio of
the two sides' separate medians would mix in. (A p99 pooled over all runs would be worse: one slow spell in one
side's half moves it far, 1.44 between two identical servers in one A/A trial.) How far apart two identical servers measure with this method is in bench/RESULTS-aa.md. Data: the seeded demo (a street, three communities) plus ${s.extraOrders.toLocaleString('en')} extra published
orders in the first community, placed by its seeded residents for their households in turn (each with its
submit and publish events); every session acts as one membership of a seeded person (the identities
below); after every write measurement the database is put back as it was
(created orders deleted, claimed orders reopened, \`vacuum analyze\`), so every measurement sees the
same data and every claim finds an open order.

- **API**: the real app (\`buildApp\`, server/app.ts) in its own process (bench/api-server.ts), its
  pg Pool of 10 as \`openDatabase\` gives it, logger at \`warn\` as server/main.ts outside production,
  rate limits raised out of the way.
- **baseline**: a minimal fastify 5 + pg Pool of 10 in its own process (bench/baseline-server.ts,
  bench/baseline-app.ts): the same SQL as named prepared statements (bench/baseline-sql.ts), the same
  JSON (serialised with the same types/api.ts schemas), the same session lookup, scope, names,
  masking and domain \`transition\`; no helmet, rate limiter, compression hook, swagger, strict-input
  parser or request logger. Before measuring, the bench checks that both answer every route with the
  same JSON (reads equal, writes the same keys) and that the baseline sends the app's statements,
  in order (recorded in-process on both).
- **load generator**: autocannon in the parent process (\`npm run bench\`), no Accept-Encoding (so no
  gzip on either side). All three share the machine's ${cpus().length} cores with PostgreSQL.
- **CPU ms/req**: utime + stime of the server process (/proc/<pid>/stat, ${s.clockTicks} ticks/s) over the
  measured seconds ÷ responses. Targets: lists ≥ 90 % of the baseline's req/s with p99 ≤ 1.2× the
  baseline's, detail ≥ 85 %, create and claim ≥ 80 %.

${apiTable(api.postgres)}

Requests:

${requestsTable(api.postgres)}

### Where the time goes (medians, CPU ms per request)

Node is the server process; PG backends are the PostgreSQL processes serving that server's pool
(found by \`application_name\`; background writers not counted). On ${cpus().length} cores shared by both plus the load
generator, what a request costs in total bounds the req/s.

${cpuTable(api.postgres)}

${gaps(api.postgres)}

### Every run

${runsTable(api.postgres)}
${api.notes.length ? `\nNotes:\n\n${api.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
${
  api.pglite.length
    ? `## API on embedded PGlite (app only)

PGlite is PostgreSQL in WASM inside the server's own process: one connection, and the database work
shares the server's event loop, so its CPU column counts both. No baseline here: a fair one would
have to embed its own PGlite in the same way, which measures PGlite more than the HTTP stack. Same
data and settings as above, no restore between measurements (claims take the next open order,
created orders stay).

${pgliteTable(api.pglite)}
`
    : ''
}`
}

async function main(): Promise<void> {
  if (CHECK_ONLY) {
    // The checks before measuring, nothing else: no bundle, no render, no report written.
    await benchApi()
    return
  }
  const startedAt = new Date()
  const load = loadavg()[0]
  const haveDist = existsSync(join(root, 'dist', 'app.js')) && process.env.BENCH_API_ONLY !== '1'
  let bundle: BundleResult | null = null
  let render: RenderStep[] | null = null
  if (haveDist) {
    bundle = measureBundle()
    const verdict = bundleVerdict(bundle).replace(/\*\*/g, '')
    console.log(`weapp main package ${kb(bundle.mainBytes)} KB (budget ${kb(BUDGET_BYTES)} KB): ${verdict}`)
    for (const p of bundle.subpackages) console.log(`weapp subpackage ${p.root} ${kb(p.bytes)} KB${p.overLimit ? ` — OVER WeChat's ${kb(LIMIT_BYTES)} KB limit` : ''}`)
    if (!bundle.withinBudget) console.warn(`bench: WARNING the weapp main package is ${kb(bundle.mainBytes)} KB, over the ${kb(BUDGET_BYTES)} KB budget`)
    render = await benchOrdersPage()
    console.table(render)
  } else {
    console.log(process.env.BENCH_API_ONLY === '1' ? 'BENCH_API_ONLY=1: bundle and render not measured' : 'No dist/ (run `npm run build:weapp`): bundle and render not measured')
  }
  const api = await benchApi()

  const distBuilt = haveDist ? statSync(join(root, 'dist', 'app.js')).mtime.toISOString().slice(0, 16).replace('T', ' ') : null
  const skipped = process.env.BENCH_API_ONLY === '1' ? 'BENCH_API_ONLY=1' : 'no dist/'
  const kept = (heading: string) => `_Not measured in this run (${skipped}); from the previous RESULTS.md:_\n\n${previousSection(heading) ?? '_(none)_'}`
  const report = `# Benchmark results

Recorded by \`npm run bench\` on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${commitLine()},
${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load.toFixed(2)} at the start.
The servers run in child processes, as the app runs on each database: on PostgreSQL compiled (as in production),
on PGlite under tsx (as \`npm start\` runs the demo); the load generator is the bench process itself.

## Weapp bundle

${bundle ? `Measured from dist/ as built at ${distBuilt} UTC.\n\n${bundleTable(bundle)}` : kept('Weapp bundle')}

## Orders list page in the mini-program

${
  render
    ? `Rendered from the built \`dist/\` in miniprogram-simulate, signed in as the community committee,
backed by the real server (seeded data). setData figures count the orders page only (WeChat's
audit: at most 1,000 elements, at most 20 setData calls a second).

${renderTable(render)}`
    : kept('Orders list page in the mini-program')
}

${apiSection(api)}`
  writeFileSync(OUTPUT, report)
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(api, (key, value) => (key === 'latencies' ? undefined : value), 1))
  console.log(`\n${apiTable(api.postgres)}\n\n${cpuTable(api.postgres)}\n`)
  if (api.pglite.length) console.log(`${pgliteTable(api.pglite)}\n`)
  console.log(`Recorded in ${OUTPUT === RESULTS ? 'bench/RESULTS.md' : OUTPUT}`)
}

main()
  // The kept scratch database's admin connection stays open (see BENCH_KEEP_DB in bench/api.ts).
  .then(() => process.env.BENCH_KEEP_DB === '1' && process.exit(0))
  .catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
