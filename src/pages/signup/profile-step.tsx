import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { ORDER_RULES } from '../../domain'
import { useStores } from '../../stores/root-store'
import { toast } from '../../utils/navigation'
import { ErrorLine, Field } from './fields'

const isWeapp = process.env.TARO_ENV === 'weapp'
const isH5 = process.env.TARO_ENV === 'h5'

const PRIVACY_NOTICE =
  '为了给您提供社区服务，我们需要您的姓名和手机号：社区党组织审核登记、派单，服务人员上门前联系您时使用。' +
  '手机号对其他居民隐藏，住址只给处理您订单的人看。信息只用于社区服务，不会提供给无关的人。'

/**
 * WeChat's own privacy popup (base library 2.32.3+), where the app declares what it collects.
 * Elsewhere, or on older clients, the notice on this page is what the person agrees to.
 */
function requirePrivacyAuthorize(): Promise<boolean> {
  if (!isWeapp || typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => {
    try {
      Taro.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) })
    } catch {
      resolve(true)
    }
  })
}

/** Clients too old for the getPhoneNumber button go straight to the typed field. */
function canGetPhoneNumber(): boolean {
  return typeof Taro.canIUse !== 'function' || Taro.canIUse('button.open-type.getPhoneNumber') !== false
}

/** Step 1: the privacy notice, then name and phone. Nothing is sent before the box is ticked. */
export const ProfileStep = observer(function ProfileStep() {
  const { session, signup } = useStores()
  const boundPhone = session.me?.phone ?? ''

  const toggleConsent = async () => {
    if (signup.consent) return signup.set('consent', false)
    if (await requirePrivacyAuthorize()) signup.set('consent', true)
    else toast('需要同意隐私保护指引才能登记')
  }

  const submit = async (phoneCode?: string) => {
    if (!(await signup.submitProfile(phoneCode)) && signup.error) toast(signup.error)
  }

  const onPhoneNumber = async (detail: { code?: string; errMsg?: string }) => {
    if (await signup.submitWechatPhone(detail)) return
    if (signup.error) toast(signup.error)
    else toast('没有拿到微信手机号，请手动填写')
  }

  // The WeChat button opens its phone popup on tap: only offer it once the rest is filled in.
  const ready = signup.profileProblem(true) === null
  // Where WeChat can give the number and the person has not declined it (H5 always types it).
  const wechatPhone = isWeapp && !signup.phoneTyped && canGetPhoneNumber()
  const typed = !boundPhone && !wechatPhone

  return (
    <View className="signup__step">
      <View className="signup__card signup__privacy">
        <Text className="signup__card-title">隐私保护指引</Text>
        <Text className="signup__notice">{PRIVACY_NOTICE}</Text>
        {isWeapp && (
          <Text className="signup__link" onClick={() => Taro.openPrivacyContract?.({})}>
            查看完整的《隐私保护指引》
          </Text>
        )}
        <View className={`signup__consent ${signup.consent ? 'signup__consent--checked' : ''}`} onClick={toggleConsent}>
          <Text className="signup__checkbox">{signup.consent ? '✓' : ''}</Text>
          <Text className="signup__consent-text">我已阅读并同意《隐私保护指引》</Text>
        </View>
      </View>

      <Field label="您的姓名" required>
        <Input
          className="signup__name"
          value={signup.name}
          onChange={(name) => signup.set('name', name)}
          placeholder="请填写真实姓名"
          maxLength={ORDER_RULES.contactNameMax}
        />
      </Field>

      {(isH5 || typed) && (
        <Field
          label="手机号"
          required={!boundPhone}
          hint={boundPhone ? `已绑定 ${boundPhone}，不更换可以不填` : isWeapp ? '不用微信授权也可以登记：请填写您常用的手机号' : undefined}
        >
          <Input
            className="signup__phone"
            type="tel"
            value={signup.phone}
            onChange={(phone) => signup.set('phone', phone)}
            placeholder="11 位手机号"
            maxLength={11}
          />
        </Field>
      )}
      {!isH5 && boundPhone && (
        <Field label="手机号">
          <Text className="signup__bound">已绑定 {boundPhone}</Text>
        </Field>
      )}

      <ErrorLine />
      <View className="signup__footer">
        {/* Keyed: the two buttons differ in what WeChat does on tap, so neither is patched into the other. */}
        {wechatPhone && !boundPhone ? (
          <Button
            key="wechat"
            className="signup__next"
            type="primary"
            size="large"
            block
            loading={signup.sending}
            openType={ready ? 'getPhoneNumber' : undefined}
            onGetPhoneNumber={(e) => void onPhoneNumber(e.detail)}
            onClick={() => !ready && toast(signup.profileProblem(true)!)}
          >
            微信授权手机号，下一步
          </Button>
        ) : (
          <Button key="next" className="signup__next" type="primary" size="large" block loading={signup.sending} disabled={signup.sending} onClick={() => submit()}>
            下一步
          </Button>
        )}
        {wechatPhone && !boundPhone && <Text className="signup__footnote">手机号由微信提供，不用手动输入</Text>}
        {isWeapp && !boundPhone && canGetPhoneNumber() && (
          <Text className="signup__link signup__phone-switch" onClick={() => signup.typePhone(wechatPhone)}>
            {wechatPhone ? '手动填写手机号' : '改用微信授权手机号'}
          </Text>
        )}
      </View>
    </View>
  )
})
