import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** A community's own set-up by its committee: teams and grids (filled in next). */
const communityRoutes: FastifyPluginAsyncTypebox = async () => {}

export default communityRoutes
