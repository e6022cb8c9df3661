/**
 * The orders list page rendered from the built dist/ in miniprogram-simulate, backed by the real
 * server: elements on screen and the setData calls and bytes WeChat's audit scores, for the first
 * render, one load-more, and a refresh after one order changed status.
 */
import { createTestApp } from '../test/support/app'
import { closeWeapp, countElements, counters, injectHandler, launchWeapp, resetCounters, waitFor } from '../test/support/weapp-harness'

export interface RenderStep {
  step: string
  cards: number
  elements: number
  calls: number
  bytes: number
}

const ORDERS = 'pages/orders/index'

export async function benchOrdersPage(): Promise<RenderStep[]> {
  const test = await createTestApp()
  try {
    const weapp = await launchWeapp({ request: injectHandler(test.app), storage: { 'sandan.token': test.tokens.committee } })
    const steps: RenderStep[] = []
    const measure = async (step: string, act: () => Promise<void>) => {
      resetCounters()
      await act()
      await weapp.idle()
      steps.push({ step, cards: page.$$('.order-card').length, elements: countElements(page.root), ...counters(ORDERS) })
    }
    let page = undefined as unknown as Awaited<ReturnType<typeof weapp.openPage>>

    // The committee's 全部 tab holds every seeded order: more than one page of 20.
    await measure('first render (待处理 tab)', async () => {
      page = await weapp.openPage(ORDERS)
    })
    const all = page.$$('.chip').find((chip) => chip.dom.textContent?.startsWith('全部'))!
    await measure('switch to 全部 tab (20 cards)', async () => {
      all.dispatchEvent('tap')
      await waitFor(() => page.$$('.order-card').length === 20, { what: '20 cards' })
    })
    await measure('load more (scrolled to the bottom)', async () => {
      page.fire('onReachBottom')
      await waitFor(() => page.$$('.order-card').length > 20, { what: 'the second page' })
    })
    // A status change as the app makes it: the committee acts on the detail page, and the list
    // page (still open beneath) updates that one card in place.
    const listed = (
      await test.app.inject({ method: 'GET', url: '/api/orders?limit=20', headers: { authorization: `Bearer ${test.tokens.committee}` } })
    ).json().items as Array<{ id: number; status: string }>
    const index = listed.findIndex((order) => order.status === 'submitted')
    if (index < 0) throw new Error('no submitted order among the first 20')
    const card = () => page.$$('.order-card')[index].dom.textContent ?? ''
    const detail = await weapp.openPage('pages/order-detail/index', { id: String(listed[index].id) })
    const publish = await waitFor(() => detail.$$('.action-publish')[0], { what: 'the publish button' })
    await measure('one order changes status (list page only)', async () => {
      publish.dispatchEvent('tap')
      await waitFor(() => card().includes('待接单'), { what: 'the card to show 待接单' })
    })
    detail.close()
    page.close()
    return steps
  } finally {
    closeWeapp()
    await test.close()
  }
}
