import type { FastifyInstance } from 'fastify'

/**
 * The life of a benchmark server process: listen on a free port, tell the parent where
 * (`BENCH_READY {port, pid, db}` on stdout), and close cleanly when told to stop or when the
 * parent goes away (its end of stdin closes).
 */
export async function serveForBench(app: FastifyInstance, db: string, close: () => Promise<void>): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  process.stdout.write(`BENCH_READY ${JSON.stringify({ port, pid: process.pid, db })}\n`)

  let closing = false
  const stop = async () => {
    if (closing) return
    closing = true
    await app.close()
    await close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
}

/** Entry points report a failed start and exit non-zero. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
