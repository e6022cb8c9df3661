/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'
declare module '*.sass'

/** Injected by config/index.ts (defineConstants). '' = same origin on H5. */
declare const API_BASE: string
/** Demo login screen enabled (SANDAN_DEMO_LOGIN !== '0'). */
declare const DEMO_LOGIN: boolean

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV?: 'development' | 'production' | 'test'
    /** Build platform; replaced at build time. Undefined under Node (server, jest). */
    TARO_ENV?: 'weapp' | 'h5'
  }
}
