/** Limits on a new order, shared by the form (instant feedback) and the server (authority). */
export const ORDER_RULES = {
  descriptionMin: 5,
  descriptionMax: 500,
  maxPhotos: 6,
  addressMax: 100,
  contactNameMax: 20,
  /** Mainland mobile numbers. */
  phonePattern: /^1\d{10}$/,
} as const

export interface OrderDraft {
  categoryCode: string | null
  description: string
  photos: string[]
  /** Whom the order is for; a resident's or proxy's own household is filled in for them. */
  householdId: number | null
  address: string
  contactName: string
  contactPhone: string
}

/** The first problem with a draft, as a zh-CN sentence, or null when it can be sent. */
export function draftProblem(draft: OrderDraft, category?: { photoRequired: boolean }): string | null {
  const description = draft.description.trim()
  if (!draft.categoryCode) return '请选择服务类型'
  if (category?.photoRequired && draft.photos.length === 0) return '这类服务需要附上照片，方便上门前准备'
  if (description.length < ORDER_RULES.descriptionMin) return `请描述您的需求（至少 ${ORDER_RULES.descriptionMin} 个字）`
  if (description.length > ORDER_RULES.descriptionMax) return `需求描述不能超过 ${ORDER_RULES.descriptionMax} 字`
  if (draft.photos.length > ORDER_RULES.maxPhotos) return `最多上传 ${ORDER_RULES.maxPhotos} 张照片`
  if (!draft.householdId) return '请选择为哪一户下单'
  if (!draft.address.trim()) return '请填写服务地址'
  if (!draft.contactName.trim()) return '请填写联系人'
  if (!ORDER_RULES.phonePattern.test(draft.contactPhone.trim())) return '请填写正确的 11 位手机号'
  return null
}

/**
 * The estate a grid's branch is named after (锦绣小区党支部 → 锦绣小区), to start an address line
 * with: a household's own address is only 3号楼2单元401.
 */
export function estateName(branchName: string): string {
  return branchName.replace(/(党总支|党支部|大党委|党委|党工委)$/, '')
}

/** A household's full address for an order: the estate, then building, unit and room. */
export function orderAddressOf(household: { address: string | null; branchName: string | null }): string | null {
  if (!household.address) return null
  return `${household.branchName ? estateName(household.branchName) : ''}${household.address}`
}
