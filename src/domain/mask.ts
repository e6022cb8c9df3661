/**
 * 13812345678 → 138****5678; a landline 5812345 → 58***45; anything shorter than 7 characters
 * is fully masked. At least three characters are always hidden.
 */
export function maskPhone(phone: string): string {
  const [head, tail] = phone.length >= 11 ? [3, 4] : phone.length >= 7 ? [2, 2] : [0, 0]
  return phone.slice(0, head) + '*'.repeat(phone.length - head - tail) + phone.slice(phone.length - tail)
}

/** 张三丰 → 张**; keeps the family name, as Chinese public notices do. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return name
  return chars[0] + '*'.repeat(chars.length - 1)
}

/**
 * 锦绣小区6号楼4单元204 → 锦绣小区6号楼***: the building, so a neighbour knows the place, but not
 * the door. Without a building, the first four characters.
 */
export function maskAddress(address: string): string {
  const building = /^.*?(号楼|栋|幢)/.exec(address)?.[0] ?? Array.from(address).slice(0, 4).join('')
  return `${building}***`
}
