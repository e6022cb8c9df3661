/**
 * Runs `job` now and then every `intervalMs` in this process. Returns a stop function that
 * resolves once a run in progress has finished, so shutdown never closes the pool under it.
 * (One process's timer: with several server processes each runs it, which the jobs tolerate —
 * each step is a version-checked transition that only one run can win.)
 */
export function every(intervalMs: number, job: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const run = () => {
    running = job().catch(onError)
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
