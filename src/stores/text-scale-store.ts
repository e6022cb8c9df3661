import { makeAutoObservable } from 'mobx'
import type { KeyValueStorage } from './session-store'

/** What WeChat says about its font size setting (`wx.getAppBaseInfo`); H5 has none. */
export interface FontSettings {
  /** 微信字体大小缩放比例: 1 at the standard size. */
  fontSizeScaleFactor?: number
  /** 微信字体大小 in px (base library 2.23.4+); WeChat's standard size is 17. */
  fontSizeSetting?: number
}

/** The reader's own choice: standard text (following the phone) or 长辈版. */
export type TextSize = 'standard' | 'elder'

export const TEXT_SIZE_KEY = 'sandan.textSize'
/** 长辈版, and the largest size text follows the phone to: every page is checked to lay out at it. */
export const ELDER_SCALE = 1.5
const WECHAT_STANDARD_FONT_PX = 17

/**
 * The phone's font setting as a factor for our text: at least 1 (a smaller setting keeps our
 * already large text), at most ELDER_SCALE (beyond it layouts are not checked), in steps of 0.05
 * so the CSS value stays short.
 */
export function scaleOf(settings: FontSettings | null): number {
  const factor = settings?.fontSizeScaleFactor || (settings?.fontSizeSetting ? settings.fontSizeSetting / WECHAT_STANDARD_FONT_PX : 1)
  if (!Number.isFinite(factor)) return 1
  return Math.round(Math.min(ELDER_SCALE, Math.max(1, factor)) * 20) / 20
}

const isTextSize = (value: string | null): value is TextSize => value === 'standard' || value === 'elder'

/**
 * How large text is on every page: one factor, applied as the CSS variable
 * `--sandan-text-scale` on each page's root (src/components/scaled-page.tsx) and multiplied into
 * every font size (`text()` in src/components/_text.scss). It follows the phone's font setting
 * until the reader chooses on 我的 or on home's first-launch prompt; the choice is kept.
 */
export class TextScaleStore {
  /** Null until the reader has chosen (home then asks, once, without a pop-up). */
  choice: TextSize | null
  /** The phone's setting, read at start and whenever the app comes back to the foreground. */
  systemScale: number

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly readFontSettings: () => FontSettings | null = () => null,
  ) {
    const stored = storage.get(TEXT_SIZE_KEY)
    this.choice = isTextSize(stored) ? stored : null
    this.systemScale = scaleOf(this.safeFontSettings())
    makeAutoObservable<TextScaleStore, 'storage' | 'readFontSettings'>(this, { storage: false, readFontSettings: false })
  }

  get elder(): boolean {
    return this.choice === 'elder'
  }

  get scale(): number {
    return this.elder ? ELDER_SCALE : this.systemScale
  }

  /** Whether the reader has made a choice yet. */
  get chosen(): boolean {
    return this.choice !== null
  }

  /** Set on every page's root; descendants (NutUI's variables included) compute from it. */
  get rootStyle(): Record<'--sandan-text-scale', string> {
    return { '--sandan-text-scale': String(this.scale) }
  }

  choose(size: TextSize): void {
    this.choice = size
    this.storage.set(TEXT_SIZE_KEY, size)
  }

  /** The phone's font setting may have changed while the app was in the background. */
  refreshSystemScale(): void {
    this.systemScale = scaleOf(this.safeFontSettings())
  }

  /** An old WeChat without getAppBaseInfo, or a failing call, means the standard size. */
  private safeFontSettings(): FontSettings | null {
    try {
      return this.readFontSettings()
    } catch {
      return null
    }
  }
}
