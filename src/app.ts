import type { PropsWithChildren } from 'react'
import './app.scss'

// children is the page being rendered; the store provider will wrap it later.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
