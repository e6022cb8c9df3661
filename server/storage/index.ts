export * from './storage'
export { createLocalDiskStorage } from './local-disk'
