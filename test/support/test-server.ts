import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createTestApp, type TestApp } from './app'

export interface TestServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string
  testApp: TestApp
  close(): Promise<void>
}

/**
 * The real server on a real port with a fresh seeded database, for browser and DevTools tests.
 * `h5: true` also serves the built H5 app (dist-h5) from `/`, same origin as the API.
 */
export async function startTestServer(options: { h5?: boolean; port?: number; env?: Record<string, string> } = {}): Promise<TestServer> {
  const env: Record<string, string> = { ...(options.h5 ? { H5_DIR: join(__dirname, '..', '..', 'dist-h5') } : {}), ...options.env }
  const testApp = await createTestApp({ env, now: () => new Date() })
  await testApp.app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  const { port } = testApp.app.server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, testApp, close: () => testApp.close() }
}
