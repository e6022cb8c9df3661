/** Fixed demo content for the seed. Everything here is fictional. */

export const STREET = '阳光街道党工委'

/** Two urban communities and a village (its 村民小组 in the compound level): one tenant each. */
export const COMMUNITIES = [
  {
    name: '阳光社区大党委',
    committee: '王书记',
    compounds: [
      { name: '锦绣小区党支部', estate: '锦绣小区', committee: '李书记', grids: ['第1网格', '第2网格', '第3网格'] },
      { name: '和平里小区党支部', estate: '和平里小区', committee: '赵书记', grids: ['第4网格', '第5网格', '第6网格'] },
    ],
    residents: 30,
  },
  {
    name: '幸福社区党委',
    committee: '孙书记',
    compounds: [{ name: '幸福家园小区党支部', estate: '幸福家园', committee: null, grids: ['第1网格', '第2网格'] }],
    residents: 6,
  },
  {
    name: '青山村党支部',
    committee: '周书记',
    compounds: [
      { name: '东山村民小组', estate: '青山村东山组', committee: null, grids: ['东山网格'] },
      { name: '西山村民小组', estate: '青山村西山组', committee: null, grids: ['西山网格'] },
    ],
    residents: 4,
  },
] as const

export const CATEGORIES = [
  { code: 'emergency', name: '助急', emergency: true, photoRequired: false, description: '突发疾病、跌倒、燃气泄漏等紧急求助，优先派单' },
  { code: 'meals', name: '助餐', emergency: false, photoRequired: false, description: '孝老食堂送餐、代订餐，照顾行动不便的老人' },
  { code: 'mobility', name: '助行', emergency: false, photoRequired: false, description: '陪同出行、轮椅推行、上下楼协助' },
  { code: 'medical', name: '助医', emergency: false, photoRequired: false, description: '陪同就医、代取药品、预约挂号' },
  { code: 'errands', name: '代购代领', emergency: false, photoRequired: false, description: '代买生活用品、代领快递和补贴物资' },
  { code: 'repair', name: '维修', emergency: false, photoRequired: true, description: '水电、门窗、家电等小修小补，请附照片' },
  { code: 'legal', name: '法律咨询', emergency: false, photoRequired: false, description: '邻里纠纷、赡养、劳动争议等法律问题解答' },
  { code: 'health', name: '健康服务', emergency: false, photoRequired: false, description: '测血压血糖、健康讲座、家庭医生上门' },
  { code: 'counseling', name: '心理疏导', emergency: false, photoRequired: false, description: '独居老人陪伴谈心、情绪疏导' },
  { code: 'other', name: '其他', emergency: false, photoRequired: false, description: '以上都不是的需求，请详细描述' },
] as const

/** A skill is a catalogue code: the compiler holds the seed's skills to the catalogue above. */
export type CategoryCode = (typeof CATEGORIES)[number]['code']
type Skills = readonly CategoryCode[]

/**
 * The first community's 派单方式 beside the default (the committee's queue): 心理疏导 — a visit and a
 * talk any kind volunteer can give — goes straight to the hall.
 */
export const FIRST_COMMUNITY_DISPATCH = [{ code: 'counseling', dispatchMode: 'hall' }] as const

export const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
export const GIVEN_NAMES = [
  '秀英', '桂英', '秀兰', '玉兰', '建国', '建华', '国强', '志强', '淑珍', '凤英', '德明', '文华',
  '海燕', '丽娟', '晓东', '红梅', '永胜', '春生', '金凤', '玉珍', '长林', '福贵', '宝山', '淑芬',
  '立新', '卫东', '爱华', '兰英', '振华', '素芳', '明', '伟', '芳', '静', '磊', '敏',
]

/** The volunteer teams of the first community, skills as catalogue codes; the others get one team each (OTHER_TEAMS). */
export const TEAMS = [
  { name: '党员先锋服务队', skills: ['repair', 'errands', 'mobility'] },
  { name: '巾帼志愿服务队', skills: ['meals', 'counseling', 'health'] },
  { name: '应急处突队', skills: ['emergency', 'medical', 'repair'] },
] as const satisfies readonly { name: string; skills: Skills }[]

export const OTHER_TEAMS = [
  { name: '幸福邻里志愿队', skills: ['meals', 'errands'] },
  { name: '青山村志愿服务队', skills: ['mobility', 'repair'] },
] as const satisfies readonly { name: string; skills: Skills }[]

/** 双报到 Party members of the first community: their work unit and skills (catalogue codes). */
export const WORK_UNITS = [
  { unit: '县人民医院', skills: ['medical', 'health'] },
  { unit: '县司法局', skills: ['legal'] },
  { unit: '县教育局', skills: ['counseling'] },
  { unit: '县供电公司', skills: ['repair'] },
  { unit: '县人民医院', skills: ['health', 'emergency'] },
  { unit: '县民政局', skills: ['errands', 'meals'] },
  { unit: '县住建局', skills: ['repair'] },
  { unit: '县司法局', skills: ['legal', 'counseling'] },
] as const satisfies readonly { unit: string; skills: Skills }[]

/** Per category: a few realistic requests. */
export const REQUESTS: Record<string, readonly string[]> = {
  emergency: ['家中老人在卫生间摔倒，起不来，请尽快来人帮忙', '闻到楼道里有燃气味，不敢开灯，请派人查看'],
  meals: ['老伴住院，我一个人腿脚不便，想订一周孝老食堂午餐送到家', '独居老人，最近做饭困难，希望每天送一份晚餐'],
  mobility: ['周三上午要去医院复查，需要有人陪同并推轮椅', '家住六楼没有电梯，想请人帮忙扶我下楼晒太阳'],
  medical: ['需要有人帮忙到县人民医院预约挂号并陪同看眼科', '降压药吃完了，请帮忙到社区卫生站代取药'],
  errands: ['帮忙买一袋大米和一桶食用油送到家', '请帮忙到社区服务站代领本月的高龄补贴物资'],
  repair: ['厨房水龙头一直滴水，关不紧，请帮忙修一下', '卧室灯不亮了，换了灯泡也不行，可能是开关坏了', '防盗门锁芯卡住，钥匙很难转动'],
  legal: ['和楼上邻居因为漏水赔偿有纠纷，想咨询一下怎么处理', '子女不履行赡养义务，想了解法律上怎么维权'],
  health: ['想请医生上门给老人量血压、测血糖', '老人最近睡眠不好，想咨询家庭医生'],
  counseling: ['母亲独居后情绪低落，希望有人常来陪她聊聊天', '孩子高考压力大，想找老师做心理疏导'],
  other: ['楼道里堆放杂物影响通行，希望协调清理', '小区路灯坏了好几盏，晚上出行不安全'],
}

export const PROGRESS_NOTES = ['已电话联系居民，约好上门时间', '材料已备齐，正在处理中', '已到现场查看，需要再来一次']
export const COMPLETE_NOTES = ['已处理完毕，居民现场确认', '服务已完成，已拍照留存', '问题已解决，叮嘱居民注意安全']
export const CONFIRM_NOTES = ['非常感谢，服务很及时', '党员同志态度很好', '解决得很彻底，点赞', '']
export const REOPEN_NOTES = ['修好两天后又坏了', '问题没有彻底解决']
export const REJECT_NOTES = ['不属于社区服务范围，已告知相关部门电话', '重复提交，已合并处理']
export const DECLINE_NOTES = ['本周出差，无法完成']
