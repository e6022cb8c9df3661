/** 13812345678 → 138****5678; anything shorter than 7 characters is fully masked. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4)
}

/** 张三丰 → 张**; keeps the family name, as Chinese public notices do. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return name
  return chars[0] + '*'.repeat(chars.length - 1)
}
