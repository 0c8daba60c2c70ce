import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './shared/content-security-policy.js';

/** Puts the strict CSP into the built index.html (the dev server needs inline scripts, so not there). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'hashiya-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The Electron renderer and Debian's Chromium are both recent Chromium.
    target: 'chrome120',
    assetsInlineLimit: 0,
    sourcemap: true,
    // React, TipTap/ProseMirror and zod in one chunk, loaded from disk: size is not a concern here.
    chunkSizeWarningLimit: 1500,
  },
});
