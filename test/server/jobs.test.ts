/**
 * The in-process job runner (embedded PGlite's, and pg-boss's for jobs faster than a minute):
 * runs at start and on every tick, never two runs of one job at once, a failure logged and the
 * next tick still coming, and `stop` waiting for the run in progress.
 */
import { cronFor, pollingRunner } from '../../server/jobs/runner'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('stop waits for the run in progress, and nothing runs after it', async () => {
  const runner = pollingRunner(() => undefined)
  const events: string[] = []
  runner.every('slow', 20, async () => {
    events.push('started')
    await sleep(150)
    events.push('finished')
  })
  await runner.start()
  await sleep(30)
  await runner.stop()
  expect(events).toEqual(['started', 'finished'])
  await sleep(60)
  expect(events).toEqual(['started', 'finished'])
})

test('a tick that finds the last run still going is skipped: runs never overlap', async () => {
  const runner = pollingRunner(() => undefined)
  let running = 0
  let most = 0
  let runs = 0
  runner.every('overlapping', 10, async () => {
    runs++
    most = Math.max(most, ++running)
    await sleep(35)
    running--
  })
  await runner.start()
  await sleep(200)
  await runner.stop()
  expect(most).toBe(1)
  expect(runs).toBeGreaterThan(1)
})

test('a failing run is logged, not thrown, and the next tick runs again', async () => {
  const logged: string[] = []
  const runner = pollingRunner((message) => logged.push(message))
  let runs = 0
  runner.every('failing', 15, async () => {
    runs++
    throw new Error('database unreachable')
  })
  await runner.start()
  await sleep(80)
  await runner.stop()
  expect(runs).toBeGreaterThan(1)
  expect(logged[0]).toBe('job failing failed: Error: database unreachable')
})

test('intervals of a minute or more become the cron expressions pg-boss ticks on', () => {
  expect(cronFor(60_000)).toBe('* * * * *')
  expect(cronFor(5 * 60_000)).toBe('*/5 * * * *')
  expect(cronFor(3600_000)).toBe('0 * * * *')
  expect(cronFor(6 * 3600_000)).toBe('0 */6 * * *')
  // No cron expression ticks every 90 s or 7 minutes evenly: refused rather than rounded.
  expect(() => cronFor(90_000)).toThrow(/no cron expression/)
  expect(() => cronFor(7 * 60_000)).toThrow(/no cron expression/)
})
