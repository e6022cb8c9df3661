/**
 * What a page shows when there is nothing behind it, in the built weapp (dist/) against the real
 * server: 我的 offers 入队申请 only to a team's leader (others would open an empty list), home
 * says a community offers no services instead of spinning forever, and the committee's
 * catalogue says it has none. "No services" is the answer of a community before its catalogue
 * is loaded; the seed has none such, so those two answers are stood in for.
 */
import { createTestApp, type TestApp } from '../support/app'
import { closeWeapp, injectHandler, launchWeapp, textOf, waitFor, type RequestHandler, type WeappPage } from '../support/weapp-harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  closeWeapp()
  await t?.close()
})

const texts = (page: WeappPage, selector: string) => page.$$(selector).map(textOf)

/** The real server, except that `emptied` routes answer an empty list. */
function withEmpty(...emptied: string[]): RequestHandler {
  const real = injectHandler(t.app)
  return async (req) => (emptied.some((path) => req.url.endsWith(path)) ? { statusCode: 200, data: [] } : real(req))
}

test('我的: 入队申请 is offered to the leader of a team, not to its other volunteers', async () => {
  const leader = t.accounts.find((a) => a.role === 'volunteer' && a.leadsTeamId !== null)!
  const member = t.accounts.find((a) => a.role === 'volunteer' && a.leadsTeamId === null)!
  for (const [who, offered] of [[leader, true], [member, false]] as const) {
    const token = await t.login(who.id, who.membershipId)
    const weapp = await launchWeapp({ request: injectHandler(t.app), storage: { 'sandan.token': token } })
    const page = await weapp.openPage('pages/me/index')
    await waitFor(() => texts(page, '.me__name')[0] === who.name, { what: `我的 of ${who.name}` })
    await weapp.idle()
    expect({ who: who.name, entries: texts(page, '.me__entry-label') }).toEqual({ who: who.name, entries: offered ? ['入队申请'] : [] })
    page.close()
  }
})

test('home: a community without services shows an empty state, not a spinner', async () => {
  const weapp = await launchWeapp({ request: withEmpty('/api/categories'), storage: { 'sandan.token': t.tokens.resident } })
  const page = await weapp.openPage('pages/home/index')
  await waitFor(() => page.$$('.state-view--empty').length === 1, { what: 'the empty state' })
  expect(texts(page, '.state-view__message')).toEqual(['本社区还没有开放服务项目，有需要请联系社区党委'])
  expect(page.$$('.state-view--loading')).toHaveLength(0)
  page.close()
})

test('committee catalogue: no services is said so, and adding one is offered', async () => {
  const weapp = await launchWeapp({ request: withEmpty('/api/catalogue'), storage: { 'sandan.token': t.tokens.committee } })
  const page = await weapp.openPage('packages/committee/catalogue/index')
  await waitFor(() => page.$$('.state-view--empty').length === 1, { what: 'the empty state' })
  expect(texts(page, '.state-view__message')).toEqual(['还没有服务项目：新增一项，居民就可以点单了'])
  expect(texts(page, '.catalogue__add-button')[0]).toContain('新增服务')
  page.close()
})
