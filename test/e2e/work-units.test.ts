/**
 * 驻区单位 in Chromium against the built H5 app: 王书记 adds a work unit on 网格与单位 (after
 * confirming), and a newcomer registering 双报到 finds it among the units to choose. Screenshots
 * work-units-1… in test-results/.
 */
import type { CommunityDirectoryDto } from '../../types/people'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: the committee adds a work unit of its street', () => {
  const world = e2eWorld()

  test('added after confirming, listed on the page and offered at 双报到', async () => {
    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await committee.goto(`${world.server.url}/#/packages/committee/grids/index`)
    const page = currentPage(committee)
    const units = page.locator('.work-units')
    await settled(units.locator('.compound-card__grid-name', { hasText: '县人民医院' }))

    await units.locator('.compound-card__add').click()
    const sheet = committee.locator('.name-sheet')
    await settled(sheet.locator('.name-sheet__input'))
    await sheet.locator('.name-sheet__input input').fill('县自然资源局')
    await screenshot(committee, 'work-units-1-naming')
    await sheet.locator('.name-sheet__submit').click()
    const modal = committee.locator('.taro__modal')
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('为本街道添加驻区单位「县自然资源局」')
    await modal.locator('.taro-model__confirm').click()
    await settled(units.locator('.compound-card__grid-name', { hasText: '县自然资源局' }))
    await units.scrollIntoViewIfNeeded()
    await screenshot(committee, 'work-units-2-added')

    // Sign-up lists it for every community of the street.
    const { tokens } = world.server.testApp
    const communities = await world.request<{ id: number; name: string }[]>(tokens.committee, 'GET', '/api/directory/communities')
    for (const community of communities) {
      const directory = await world.request<CommunityDirectoryDto>(tokens.committee, 'GET', `/api/directory/communities/${community.id}`)
      expect(directory.workUnits.map((w) => w.name)).toContain('县自然资源局')
    }
  })
})
