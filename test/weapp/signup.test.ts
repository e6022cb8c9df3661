/**
 * Sign-up's first step in the built weapp (dist/), against the real server and a fake WeChat:
 * WeChat's privacy authorisation before anything personal is taken, and the phone number from
 * getPhoneNumber — or typed, after a refusal or by choice. WeChat's review rules forbid forcing
 * phone authorisation, so a refusal must never leave only the same button to tap again.
 */
import type { MeDto, SessionDto } from '../../types/people'
import { bearer, type TestApp } from '../support/app'
import { appWithFakeWechat } from '../support/fake-wechat'
import { closeWeapp, injectHandler, launchWeapp, settle, tap, textOf, waitFor, type SimNode, type WeappApp, type WeappPage } from '../support/weapp-harness'

let t: TestApp
let close: () => Promise<void>
beforeAll(async () => ({ t, close } = await appWithFakeWechat()))
afterAll(async () => {
  closeWeapp()
  await close?.()
})

/** A brand-new WeChat user: signed in, nothing else yet. */
async function newcomer(code: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `ok-${code}` } })
  expect(res.statusCode).toBe(200)
  return (res.json() as SessionDto).token
}
const me = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json() as MeDto

interface Opened { weapp: WeappApp; page: WeappPage; privacyAsked: () => number; toasts: string[] }

/** The sign-up page for a newcomer; WeChat's privacy popup answers `privacy`. */
async function openSignup(code: string, privacy: 'agree' | 'refuse' = 'agree'): Promise<Opened & { token: string }> {
  const token = await newcomer(code)
  let asked = 0
  const toasts: string[] = []
  const weapp = await launchWeapp({
    request: injectHandler(t.app),
    storage: { 'sandan.token': token },
    wx: {
      requirePrivacyAuthorize(o: { success?: (r: object) => void; fail?: (r: object) => void }) {
        asked += 1
        setTimeout(() => (privacy === 'agree' ? o.success?.({ errMsg: 'requirePrivacyAuthorize:ok' }) : o.fail?.({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' })))
      },
      showToast(o: { title: string; success?: (r: object) => void }) {
        toasts.push(o.title)
        o.success?.({ errMsg: 'showToast:ok' })
      },
    },
  })
  const page = await weapp.openPage('pages/signup/index')
  await waitFor(() => page.$$('.signup__consent').length === 1, { what: 'the privacy notice' })
  return { weapp, page, token, privacyAsked: () => asked, toasts }
}

const one = (page: WeappPage, selector: string): SimNode => {
  const found = page.$$(selector)
  if (found.length !== 1) throw new Error(`${found.length} × ${selector}`)
  return found[0]
}
/** Types into the `input` below a NutUI Input (its class is on the wrapper), as WeChat's keyboard reports it. */
async function type(page: WeappPage, wrapper: string, value: string): Promise<void> {
  const box = one(page, wrapper).dom
  const node = page.$$('.nut-input-native').find((n) => box.contains(n.dom))
  if (!node) throw new Error(`no input in ${wrapper}`)
  node.dispatchEvent('input', { detail: { value, cursor: value.length } })
  await settle()
}
const links = (page: WeappPage) => page.$$('.signup__phone-switch').map(textOf)
const nextButton = (page: WeappPage) => one(page, '.signup__next')
const profileRequests = (weapp: WeappApp) => weapp.requests.filter((r) => r.url.endsWith('/api/me/profile'))

/** Consent through WeChat's privacy popup, then a name: the getPhoneNumber button is ready. */
async function consentAndName({ page, privacyAsked }: Opened, name: string): Promise<void> {
  await tap(one(page, '.signup__consent'))
  await waitFor(() => page.$$('.signup__consent--checked').length === 1, { what: 'consent ticked' })
  expect(privacyAsked()).toBe(1)
  await type(page, '.signup__name', name)
}

test('a refused getPhoneNumber offers the typed phone field; the typed number registers the person', async () => {
  const opened = await openSignup('refuses-phone')
  const { weapp, page, token } = opened
  // WeChat's button first, and the typed field one small link away from the start.
  expect(textOf(nextButton(page))).toContain('微信授权手机号')
  expect(links(page)).toEqual(['手动填写手机号'])
  expect(page.$$('.signup__phone')).toHaveLength(0)
  await consentAndName(opened, '周建国')

  nextButton(page).dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })
  await waitFor(() => page.$$('.signup__phone').length === 1, { what: 'the typed phone field' })
  expect(opened.toasts).toContain('没有拿到微信手机号，请手动填写')
  expect(profileRequests(weapp)).toEqual([])
  expect(textOf(nextButton(page))).toContain('下一步')
  expect(textOf(nextButton(page))).not.toContain('微信授权')
  expect(links(page)).toEqual(['改用微信授权手机号'])

  // A wrong number is caught here; the right one is sent as typed.
  await type(page, '.signup__phone', '1391234')
  await tap(nextButton(page))
  await waitFor(() => textOf(one(page, '.signup__error')).includes('11 位手机号'), { what: 'the phone refused' })
  expect(profileRequests(weapp)).toEqual([])
  await type(page, '.signup__phone', '13912345678')
  await tap(nextButton(page))
  await weapp.idle()
  expect(profileRequests(weapp)).toEqual([expect.objectContaining({ method: 'PUT', data: { privacyConsent: true, name: '周建国', phone: '13912345678' } })])
  expect(await me(token)).toMatchObject({ name: '周建国', phone: '139****5678', consented: true })
  // Step 2 follows.
  await waitFor(() => textOf(one(page, '.signup__title')).includes('第 2 步'), { what: 'the identity step' })
  page.close()
})

test('an accepted getPhoneNumber registers the number WeChat gives; the typed field can be chosen and left', async () => {
  const opened = await openSignup('accepts-phone')
  const { weapp, page, token } = opened
  await tap(page.$$('.signup__phone-switch')[0])
  await waitFor(() => page.$$('.signup__phone').length === 1, { what: 'typed field chosen' })
  await tap(page.$$('.signup__phone-switch')[0])
  await waitFor(() => page.$$('.signup__phone').length === 0, { what: 'back to WeChat’s button' })
  expect(links(page)).toEqual(['手动填写手机号'])
  await consentAndName(opened, '钱秀英')

  nextButton(page).dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'phone-13812345678' } })
  await waitFor(() => profileRequests(weapp).length === 1, { what: 'the profile sent' })
  await weapp.idle()
  expect(profileRequests(weapp)[0].data).toEqual({ privacyConsent: true, name: '钱秀英', phoneCode: 'phone-13812345678' })
  expect(await me(token)).toMatchObject({ name: '钱秀英', phone: '138****5678' })
  await waitFor(() => textOf(one(page, '.signup__title')).includes('第 2 步'), { what: 'the identity step' })
  page.close()
})

test('a phone code WeChat’s server refuses keeps its message and offers the typed field', async () => {
  const opened = await openSignup('stale-phone-code')
  const { weapp, page, token } = opened
  await consentAndName(opened, '孙立')
  nextButton(page).dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'expired' } })
  await waitFor(() => page.$$('.signup__phone').length === 1, { what: 'the typed phone field' })
  await weapp.idle()
  expect(profileRequests(weapp)).toHaveLength(1)
  expect(textOf(one(page, '.signup__error'))).not.toBe('')
  expect(await me(token)).toMatchObject({ consented: false, phone: '' })
  page.close()
})

test('refusing WeChat’s privacy authorisation leaves the notice unticked and sends nothing', async () => {
  const opened = await openSignup('refuses-privacy', 'refuse')
  const { weapp, page } = opened
  await tap(one(page, '.signup__consent'))
  await waitFor(() => opened.privacyAsked() === 1, { what: 'the privacy popup' })
  await settle(50)
  expect(page.$$('.signup__consent--checked')).toHaveLength(0)
  await type(page, '.signup__name', '李梅')
  // Without consent the button does not open WeChat's phone popup: a tap says what is missing.
  await tap(nextButton(page))
  await waitFor(() => opened.toasts.includes('需要同意隐私保护指引才能登记'), { what: 'the refusal explained' })
  await waitFor(() => opened.toasts.some((text) => text.includes('请先阅读并勾选同意')), { what: 'consent asked for' })
  expect(profileRequests(weapp)).toEqual([])
  page.close()
})
