/**
 * `hashiya serve`: the built renderer and the host API over HTTP, for a browser.
 *
 * Safety on a shared machine:
 * - binds to 127.0.0.1 unless another host is asked for;
 * - a random token per run: the printed URL carries it once (`/?token=…`), the server answers
 *   with an HttpOnly SameSite=Strict cookie and a redirect; every later request needs that
 *   cookie, and API calls need the token in the `X-Hashiya-Token` header as well (the page reads
 *   it from a meta tag the server fills in), so another site cannot call the API;
 * - the Host header must name this server (DNS rebinding);
 * - static files only from the built renderer folder, no directory listing, no `..`;
 * - a strict Content-Security-Policy on every answer.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import { errorReply, isHostMethod } from '../shared/host-contract.js';
import { createHostService, type HostService } from './host-service.js';
import { appPaths } from './app-paths.js';

/** The port `hashiya serve` prefers (the letters of حاشية have no digits; 4774 is simply free of well-known services). */
export const DEFAULT_PORT = 4774;

export interface HttpHostOptions {
  readonly corpus?: string;
  /**
   * Port to listen on; 0 for any free one. Default {@link DEFAULT_PORT}, or any free port when that
   * one is taken: a steady port keeps the page's origin, and with it the browser's journal of
   * unsaved edits (renderer/src/unsaved-journal.ts), the same from one run to the next.
   */
  readonly port?: number;
  readonly annotator?: string;
  /** Interface to bind; loopback unless asked otherwise. */
  readonly host?: string;
  /** Overrides the data folder (settings, seeds working copy). Default: `HASHIYA_HOME` or the XDG data dir. */
  readonly dataDir?: string;
  /** Overrides the folder of the built renderer that is served. Default: the app's `dist/renderer`. */
  readonly rendererDir?: string;
  readonly log?: (message: string) => void;
}

export interface HttpHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly service: HostService;
  close(): Promise<void>;
}

const COOKIE = 'hashiya_token';
/**
 * The browser may keep the build's assets (`assets/`, each name carrying a hash of its content,
 * none holding the token) for good: a reload then asks only for the page and the API. Every other
 * answer is `no-store`.
 */
const ASSET_CACHING = 'private, max-age=31536000, immutable';
const MAX_BODY = 64 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export async function startHttpHost(options: HttpHostOptions = {}): Promise<HttpHost> {
  const paths = appPaths();
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const service = await createHostService({
    dataDir: options.dataDir ?? paths.dataDir,
    seedsDir: paths.seedsDir,
    corpus: options.corpus,
    annotator: options.annotator,
    version: paths.version,
    log,
  });
  // The API works without a built renderer (tests of the host need none); pages then say so.
  const rendererDir = await realpath(options.rendererDir ?? paths.rendererDir).catch(() => null);
  /**
   * The build's assets (`assets/`: the script, styles and ~30 font files, each name carrying a
   * hash of its content) kept in memory once served: a page load asks for all of them while the
   * host works out its first document list, and each read from disk cost the host's thread a few
   * milliseconds (realpath, stat, read). Other files (index.html) are read on every request.
   */
  const assets = new Map<string, { readonly type: string; readonly body: Buffer }>();
  const assetsDir = rendererDir === null ? null : path.join(rendererDir, 'assets');
  const token = randomBytes(24).toString('base64url');
  const bindHost = options.host ?? '127.0.0.1';
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (!hostAllowed(req.headers.host, bindHost, port)) {
      send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request: unexpected Host header.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!sameToken(queryToken, token)) {
        send(res, 401, 'text/plain; charset=utf-8', 'Wrong token: open the URL that `hashiya serve` printed.');
        return;
      }
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', '/');
      send(res, 303, 'text/plain; charset=utf-8', 'See /');
      return;
    }
    if (!sameToken(cookieToken(req.headers.cookie) ?? '', token)) {
      send(res, 401, 'text/plain; charset=utf-8', 'Not authorised: open the URL that `hashiya serve` printed (it carries the access token).');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url.pathname.slice('/api/'.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    await serveStatic(res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    const header = req.headers['x-hashiya-token'];
    if (typeof header !== 'string' || !sameToken(header, token)) {
      send(res, 403, 'text/plain; charset=utf-8', 'Missing or wrong X-Hashiya-Token header.');
      return;
    }
    if (!isHostMethod(method)) {
      sendJson(res, 404, errorReply(new Error(`No such host method: ${method}`)));
      return;
    }
    let args: unknown;
    try {
      args = JSON.parse(await readBody(req));
    } catch (error) {
      sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: `Request body is not JSON: ${(error as Error).message}`, problems: [] } });
      return;
    }
    try {
      const value = await service.call(method, args);
      sendJson(res, 200, { ok: true, value });
    } catch (error) {
      sendJson(res, 200, errorReply(error));
    }
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    if (rendererDir === null) {
      send(res, 503, 'text/plain; charset=utf-8', `The renderer is not built (${options.rendererDir ?? paths.rendererDir} is missing): run \`npm run build\`.`);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'Bad path');
      return;
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const file = path.resolve(rendererDir, `.${path.posix.normalize(relative)}`);
    if (!file.startsWith(rendererDir + path.sep) || relative.includes('\0')) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const kept = assets.get(file);
    if (kept !== undefined) {
      res.setHeader('Cache-Control', ASSET_CACHING);
      send(res, 200, kept.type, kept.body);
      return;
    }
    let real: string;
    try {
      real = await realpath(file);
      if (!real.startsWith(rendererDir + path.sep) || !(await stat(real)).isFile()) throw new Error('not a file');
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const type = TYPES[path.extname(real)] ?? 'application/octet-stream';
    let body: Buffer = await readFile(real);
    if (path.basename(real) === 'index.html') {
      body = Buffer.from(body.toString('utf8').replace('%HASHIYA_TOKEN%', token), 'utf8');
    } else if (path.dirname(real) === assetsDir) {
      assets.set(file, { type, body });
      res.setHeader('Cache-Control', ASSET_CACHING);
    }
    send(res, 200, type, body);
  }

  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? DEFAULT_PORT);
  } catch (error) {
    if (options.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(0);
  }
  port = (server.address() as AddressInfo).port;
  const displayHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${displayHost}:${port}/?token=${token}`,
    port,
    token,
    service,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hostAllowed(header: string | undefined, bindHost: string, port: number): boolean {
  if (!header) return false;
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (bindHost !== '127.0.0.1' && bindHost !== '0.0.0.0' && bindHost !== '::') {
    allowed.add(`${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`);
  }
  return allowed.has(header.toLowerCase());
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return null;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
