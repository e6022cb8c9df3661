/** Communities keep China's calendar (UTC+8, no daylight saving): the days users see and pick. */
const CHINA_UTC_OFFSET_MS = 8 * 3600_000

/** The China date of an instant, as YYYY-MM-DD. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10)
