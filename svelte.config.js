// Svelte/SvelteKit options for apps/web. SvelteKit 3 refuses a svelte.config.js in the app
// folder, so the options live here and apps/web/vite.config.ts passes them to `sveltekit(...)`.
// Paths are relative to apps/web (Vite's root when the app is built).
import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit/vite').Config} */
const config = {
  // The relay serves the build and answers every non-API GET with index.html (SPA fallback).
  adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
  compilerOptions: { runes: true },
};

export default config;
