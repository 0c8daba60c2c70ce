/**
 * A git server over HTTP for tests: a Node HTTP server on 127.0.0.1 (a free port) that runs
 * `git http-backend` as a CGI program for every request, serving the repositories under one
 * folder (`http://127.0.0.1:<port>/<repo>.git`). Pushes need `git config http.receivepack true`
 * in the bare repository. With `auth`, every request without those Basic credentials gets a
 * 401, as a real server's would.
 *
 * @see https://git-scm.com/docs/git-http-backend
 * @see https://www.rfc-editor.org/rfc/rfc3875 (CGI: the environment and the response headers)
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`; a repository `x.git` under the root is `${url}/x.git`. */
  readonly url: string;
  /** How many requests were answered (to show a test really went through HTTP). */
  readonly requests: () => number;
  close(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** Require these Basic credentials. */
  readonly auth?: { readonly user: string; readonly password: string };
}

/** Starts a server for the bare repositories under `projectRoot`. */
export async function startGitHttpServer(projectRoot: string, options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    handle(projectRoot, options, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function handle(projectRoot: string, options: GitHttpServerOptions, req: IncomingMessage, res: ServerResponse): void {
  if (options.auth !== undefined) {
    const expected = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="hashiya test"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...(options.auth === undefined ? {} : { REMOTE_USER: options.auth.user }),
  };
  if (req.headers['content-length'] !== undefined) env.CONTENT_LENGTH = req.headers['content-length'];
  // A gzipped request body (git compresses large ones) is inflated by http-backend itself.
  if (req.headers['content-encoding'] !== undefined) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

  // The CGI response: header lines up to a blank line (Status: gives the code), then the body.
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
    if (end < 0) return;
    const bodyStart = end + (end === crlf ? 4 : 2);
    let status = 200;
    let reason = 'OK';
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        status = Number(value.slice(0, 3));
        reason = value.slice(4) || reason;
      } else headers[name] = value;
    }
    res.writeHead(status, reason, headers);
    headersSent = true;
    if (bodyStart < head.length) res.write(head.subarray(bodyStart));
  });
  child.on('close', (code) => {
    if (!headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend failed (exit ${code}): ${stderr}`);
      return;
    }
    res.end();
  });
  child.on('error', (error) => {
    if (!headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend did not start: ${error.message}`);
    } else res.destroy(error);
  });
}
