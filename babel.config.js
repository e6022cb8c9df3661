// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// Jest runs with NODE_ENV=test; the Taro preset then emits CommonJS.
const isTest = process.env.NODE_ENV === 'test'

const nutuiImport = [
  'import',
  {
    libraryName: '@nutui/nutui-react-taro',
    camel2DashComponentName: false,
    customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
    customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
  },
  'nutui-react-taro',
]

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  // Per-component NutUI imports (tree-shaking + CSS). Not under jest: the ESM build and its
  // CSS imports would need extra transforms there; the package's CJS main works as is.
  plugins: isTest ? [] : [nutuiImport],
}
