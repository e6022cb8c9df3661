import { forbidden } from '../errors'
import type { UserRecord } from '../repositories/users'

// Who reads and who administers a community's set-up: shared by the routes of its parts.

/**
 * Where the acting identity reads a community's set-up: a committee its whole community (a
 * compound's committee too: its grids and the community's teams are what it works with), a
 * street administrator every community of the street.
 */
export function readScope(user: UserRecord, what = '服务队和网格'): string {
  if (user.role === 'committee' && user.communityPath) return user.communityPath
  if (user.role === 'street_admin') return user.orgPath
  throw forbidden(`只有社区党委和街道管理员可以查看${what}`)
}

/**
 * The community a community-level committee administers. Checked before any object is looked
 * up, so a refusal says nothing about whether an id exists.
 */
export function administered(user: UserRecord, what = '服务队和网格'): { path: string; id: number } {
  if (user.role !== 'committee' || !user.communityPath) throw forbidden(`只有社区党委可以管理${what}`)
  if (user.orgPath !== user.communityPath) throw forbidden(`只有社区一级的党委可以修改${what}，小区党支部可以查看`)
  return { path: user.communityPath, id: user.orgId }
}
