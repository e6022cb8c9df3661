/** The API origin baked in at build time ('' = same origin, as the H5 app is served by the API). */
export const apiBase: string = API_BASE

/** Whether the demo account switcher is offered (never in a production build). */
export const demoLogin: boolean = DEMO_LOGIN
