import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyRequest } from 'fastify'
import { randomBytes } from 'node:crypto'
import { ApiError, invalidInput, notFound, unsupportedMediaType } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { recordUpload } from '../repositories/uploads'
import { errors, Upload } from '../../types/api'

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/** Trust the bytes, not the client's mimetype or file name. */
export function sniffImage(bytes: Buffer): { ext: 'jpg' | 'png' | 'webp'; contentType: string } | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ext: 'jpg', contentType: 'image/jpeg' }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { ext: 'png', contentType: 'image/png' }
  }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return { ext: 'webp', contentType: 'image/webp' }
  }
  return null
}

/**
 * The bytes of the one file in field `file`. A second file or a malformed body (no boundary,
 * cut short) is the client's mistake: busboy reports those as plain errors, answered here as 400.
 */
async function readOneImage(request: FastifyRequest): Promise<Buffer> {
  let bytes: Buffer | null = null
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 5 } })) {
      if (part.type !== 'file') continue
      if (part.fieldname !== 'file') throw invalidInput('请在字段 file 中上传图片')
      if (bytes) throw invalidInput('一次只能上传一张图片')
      bytes = await part.toBuffer()
    }
  } catch (error) {
    if (error instanceof ApiError || (error as FastifyError).statusCode) throw error
    throw invalidInput('上传内容不完整或格式不正确，请重试')
  }
  if (!bytes) throw invalidInput('请在字段 file 中上传图片')
  return bytes
}

const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/uploads',
    {
      preHandler: requireUser,
      schema: {
        tags: ['uploads'],
        summary: '上传图片（multipart 字段 file；JPG/PNG/WebP，≤ 5 MB）',
        consumes: ['multipart/form-data'],
        response: { 201: Upload, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      const bytes = await readOneImage(request)
      const kind = sniffImage(bytes)
      if (!kind) throw unsupportedMediaType()
      const now = app.now()
      const month = String(now.getUTCMonth() + 1).padStart(2, '0')
      const key = `${now.getUTCFullYear()}/${month}/${randomBytes(12).toString('base64url')}.${kind.ext}`
      const url = await app.storage.put(key, bytes, kind.contentType)
      await recordUpload(app.db, key, user.id, now)
      return reply.status(201).send({ url })
    },
  )

  app.get(
    '/uploads/*',
    { schema: { tags: ['uploads'], summary: '读取已上传的图片', params: Type.Object({ '*': Type.String() }), response: { 200: Type.Any({ description: '图片内容（JPG、PNG 或 WebP）' }), ...errors(404) } } },
    async (request, reply) => {
      const file = await app.storage.get(request.params['*'])
      if (!file) throw notFound('图片不存在')
      return reply.type(file.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(file.stream)
    },
  )
}

export default uploadRoutes
