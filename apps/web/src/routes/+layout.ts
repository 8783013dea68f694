// A client-only app: the relay serves the static build with an SPA fallback.
export const ssr = false;
export const prerender = false;
