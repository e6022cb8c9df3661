import type { UploadDto } from '../../types/api'
import { createTestApp, type TestApp } from '../support/app'
import { call, multipart } from '../support/http'
import { solidPng } from '../support/png'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const upload = (token: string | null, filename: string, type: string, bytes: Buffer) =>
  call<UploadDto>(t.app, token, { method: 'POST', url: '/api/uploads', ...multipart('file', filename, type, bytes) })

test('a PNG is stored and served back byte for byte', async () => {
  const png = solidPng(32, 16, [200, 30, 30])
  const { status, body } = await upload(t.tokens.resident, 'photo.png', 'image/png', png)
  expect(status).toBe(201)
  expect(body.url).toMatch(/^\/api\/uploads\/2026\/11\/[A-Za-z0-9_-]+\.png$/)
  const served = await t.app.inject({ method: 'GET', url: body.url })
  expect(served.statusCode).toBe(200)
  expect(served.headers['content-type']).toBe('image/png')
  expect(served.rawPayload.equals(png)).toBe(true)
})

test('text named .png is 415; the declared type does not matter', async () => {
  const { status, body } = await upload(t.tokens.resident, 'fake.png', 'image/png', Buffer.from('hello, not an image'))
  expect(status).toBe(415)
  expect(body).toMatchObject({ code: 'unsupported_media_type' })
})

test('over 5 MB is 413', async () => {
  const big = Buffer.concat([solidPng(4, 4, [0, 0, 0]), Buffer.alloc(5 * 1024 * 1024 + 10)])
  const { status, body } = await upload(t.tokens.resident, 'big.png', 'image/png', big)
  expect(status).toBe(413)
  expect(body).toMatchObject({ code: 'payload_too_large' })
})

test('401 without a session; 400 for the wrong field; 415 for a JSON body', async () => {
  expect((await upload(null, 'a.png', 'image/png', solidPng(2, 2, [1, 2, 3]))).status).toBe(401)
  const wrongField = await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/uploads', ...multipart('photo', 'a.png', 'image/png', solidPng(2, 2, [1, 2, 3])) })
  expect(wrongField.status).toBe(400)
  const json = await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/uploads', payload: { file: 'x' } })
  expect(json.status).toBe(415)
})

test('missing files and path traversal are 404', async () => {
  for (const url of ['/api/uploads/2026/11/doesnotexist123.png', '/api/uploads/../../package.json', '/api/uploads/%2e%2e/%2e%2e/package.json', '/api/uploads/2026/11/..%2f..%2fx.png']) {
    const { status, body } = await call(t.app, null, { method: 'GET', url })
    expect({ url, status }).toEqual({ url, status: 404 })
    expect(body).toMatchObject({ code: 'not_found' })
  }
})
