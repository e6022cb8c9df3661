import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

const isH5 = process.env.TARO_ENV === 'h5'

// Empty = same origin ('/api') on H5; the mini-program needs an absolute URL.
const apiBase = process.env.SANDAN_API_BASE ?? (isH5 ? '' : 'http://127.0.0.1:3000')

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'sandan',
    // NutUI is drawn for a 375 px design, our own styles for 750.
    designWidth(input) {
      const file = typeof input === 'object' ? input?.file?.replace(/\\+/g, '/') : undefined
      return file?.includes('@nutui/') ? 375 : 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    // NutUI renders <i>/<span>; without plugin-html they vanish on weapp.
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      DEMO_LOGIN: JSON.stringify(process.env.SANDAN_DEMO_LOGIN !== '0'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: process.env.TARO_CACHE === '1' },
    mini: {
      // Shared NutUI and component styles land in one common chunk; their order across pages
      // cannot conflict (class names are scoped), so webpack's ordering warnings are noise.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Let Taro compile NutUI's sources, otherwise its px is not converted on H5.
      esnextModules: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'],
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Pages load lazily on H5 and each would carry its own copy of the NutUI components it
        // uses; one shared chunk loads them once.
        chain.optimization.merge({
          splitChunks: {
            cacheGroups: {
              nutui: { test: /[\\/]node_modules[\\/]@nutui[\\/]/, name: 'nutui', chunks: 'all', priority: 20, enforce: true },
            },
          },
        })
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
