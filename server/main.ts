import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db/client'
import { seedIfEmpty } from './db/seed'
import { scheduleAutoClose } from './jobs/auto-close'

async function main(): Promise<void> {
  const config = loadConfig()
  const database = openDatabase(config)
  await database.migrate()
  if (config.seed && (await seedIfEmpty(database.db, new Date()))) console.log('Seeded demo data')

  const app = await buildApp({
    config,
    db: database.db,
    logger: { level: config.production ? 'info' : 'warn' },
  })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  console.log(`Sandan server on http://${config.host}:${port} (${database.kind}; API docs at /api/docs)`)

  const stopAutoClose = scheduleAutoClose(database.db, app.now, (message) => app.log.warn(message))

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    console.log(`${signal}: closing`)
    stopAutoClose()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
