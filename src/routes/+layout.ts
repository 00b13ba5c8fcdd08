// A client-rendered single-page app: one static shell serves every route, online or offline.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';
