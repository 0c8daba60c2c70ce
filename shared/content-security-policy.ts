/**
 * The Content-Security-Policy of every page Hashiya shows: scripts, styles and fonts from the
 * app itself only, no inline script or style, no plugins, no framing, no form posts, no
 * network but the host. Sent as a header by both hosts; `META_CONTENT_SECURITY_POLICY` is the
 * same policy without the directives a `<meta>` tag cannot carry.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
