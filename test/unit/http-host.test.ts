/**
 * The HTTP host in Node, over real sockets and a real corpus on disk: the API behind the token,
 * requests that must be refused, and the same validation the Electron IPC handlers use.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../electron/http-host';

let home: string;
let host: HttpHost;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookie = () => `hashiya_token=${host.token}`;
const api = (method: string, args: unknown[], headers: Record<string, string> = {}) =>
  send(`/api/${method}`, {
    method: 'POST',
    headers: { Cookie: cookie(), 'X-Hashiya-Token': host.token, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hashiya-http-'));
  host = await startHttpHost({ dataDir: home, annotator: 'layla', log: () => {} });
});
afterAll(async () => {
  await host.close();
  await rm(home, { recursive: true, force: true });
});

describe('hashiya serve', () => {
  it('listens on 127.0.0.1 and prints a URL with its per-run token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie', async () => {
    const answer = await send(`/?token=${host.token}`);
    expect(answer.status).toBe(303);
    expect(answer.headers['set-cookie']?.[0]).toBe(`hashiya_token=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses requests without the token, with a wrong token, or with a foreign Host header', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/?token=wrong')).status).toBe(401);
    expect((await send('/', { headers: { Cookie: 'hashiya_token=wrong' } })).status).toBe(401);
    expect((await send('/', { headers: { Cookie: cookie(), Host: 'evil.example:80' } })).status).toBe(421);
    expect((await api('getSession', [], { Host: `attacker.test:${host.port}` })).status).toBe(421);
    // The cookie alone is not enough for the API: the header must carry the token too.
    const noHeader = await send('/api/getSession', { method: 'POST', headers: { Cookie: cookie() }, body: '[]' });
    expect(noHeader.status).toBe(403);
    expect((await send('/api/getSession', { headers: { Cookie: cookie(), 'X-Hashiya-Token': host.token } })).status).toBe(405);
  });

  it('serves no path outside the built renderer and lists no directory', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/', '/%00']) {
      const answer = await send(p, { headers: { Cookie: cookie() } });
      expect([400, 404, 503]).toContain(answer.status);
      expect(answer.body).not.toContain('"name": "hashiya"');
    }
  });

  it('answers the host API over the seeds working copy', async () => {
    const session = JSON.parse((await api('getSession', [])).body);
    expect(session.ok).toBe(true);
    expect(session.value.annotator).toBe('layla');
    expect(session.value.corpus.isSeedsCopy).toBe(true);
    expect(session.value.corpus.schema.labels.map((l: { name: string }) => l.name)).toEqual(['Actor', 'Place', 'CasualtyCount', 'Claim']);

    const list = JSON.parse((await api('listDocuments', [])).body);
    expect(list.value.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      ['000_7db2a034c338d373', 'not_started'],
      ['004_fee82008326e4aee', 'not_started'],
    ]);

    const saved = JSON.parse(
      (
        await api('saveLayer', [
          '000_7db2a034c338d373',
          { spans: [{ id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: { level: 'governorate' }, note: '' }], relations: [], rejected: [], status: 'in_progress', expectedRevision: 0 },
        ])
      ).body,
    );
    expect(saved.ok).toBe(true);
    expect(saved.value.revision).toBe(1);
    const file = await readFile(path.join(home, 'corpora', 'seeds', 'layers', 'layla', '000_7db2a034c338d373.jsonl'), 'utf8');
    expect(file.split('\n')[1]).toContain('"start":91,"end":100,"text":"دير الزور"');

    const loaded = JSON.parse((await api('loadLayer', ['000_7db2a034c338d373'])).body);
    expect(loaded.value.layer.spans).toEqual([
      expect.objectContaining({ id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: { level: 'governorate' }, note: '' }),
    ]);
  });

  it('validates every argument and names the problem', async () => {
    const cases: [string, unknown[], RegExp][] = [
      ['openDocument', ['../../etc/passwd'], /not a document id/],
      ['openDocument', [], /openDocument/],
      ['saveLayer', ['000_7db2a034c338d373', { spans: [{ id: 's1', label: 'Place', start: 5, end: 2, text: 'x', attributes: {}, note: '' }], relations: [], rejected: [], status: 'in_progress', expectedRevision: 1 }], /end after it starts/],
      ['saveLayer', ['000_7db2a034c338d373', { spans: [], relations: [], rejected: [], status: 'finished', expectedRevision: 1 }], /saveLayer/],
      ['saveLayer', ['000_7db2a034c338d373', { spans: [{ id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: { value: [1] }, note: '' }], relations: [], rejected: [], status: 'in_progress', expectedRevision: 1 }], /saveLayer/],
      ['saveLayer', ['000_7db2a034c338d373', { spans: [{ id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: {}, note: '' }], relations: [{ id: 'r1', type: 'located_at', from: 's1', to: 's9' }], rejected: [], status: 'in_progress', expectedRevision: 1 }], /s9/],
      ['setAnnotator', ['../x'], /./],
      ['openCorpus', ['relative/path'], /absolute path/],
    ];
    for (const [method, args, pattern] of cases) {
      const reply = JSON.parse((await api(method, args)).body);
      expect(reply.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      expect(reply.error.message).toMatch(pattern);
    }
    const unknown = await api('deleteEverything', []);
    expect(unknown.status).toBe(404);
  });

  it('refuses a save over a revision it has not seen, and writes nothing', async () => {
    const file = path.join(home, 'corpora', 'seeds', 'layers', 'layla', '000_7db2a034c338d373.jsonl');
    const before = await readFile(file, 'utf8');
    const reply = JSON.parse(
      (await api('saveLayer', ['000_7db2a034c338d373', { spans: [], relations: [], rejected: [], status: 'in_progress', expectedRevision: 0 }])).body,
    );
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('conflict');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('hashiya serve: the built renderer', () => {
  let dir: string;
  let served: HttpHost;
  const get = (pathname: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: served.port, path: pathname, headers: { Host: `127.0.0.1:${served.port}`, Cookie: `hashiya_token=${served.token}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hashiya-renderer-'));
    await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<meta name="hashiya-token" content="%HASHIYA_TOKEN%"><p>حاشية 1</p>');
    await writeFile(path.join(dir, 'renderer', 'assets', 'index-a1b2.js'), 'console.log("حاشية 1");');
    served = await startHttpHost({ dataDir: path.join(dir, 'home'), rendererDir: path.join(dir, 'renderer'), annotator: 'layla', log: () => {} });
  });
  afterAll(async () => {
    await served.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps an asset once served and lets the browser keep it (their names carry their content hash), and reads index.html on every request', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(`<meta name="hashiya-token" content="${served.token}"><p>حاشية 1</p>`);
    expect(page.headers['cache-control']).toBe('no-store');
    const script = await get('/assets/index-a1b2.js');
    expect([script.status, script.headers['content-type'], script.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("حاشية 1");']);
    // Their names carry their content's hash: the browser may keep them.
    expect(script.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // Changed on disk (a build over a running host): the asset as first served, the page as it is now.
    await writeFile(path.join(dir, 'renderer', 'assets', 'index-a1b2.js'), 'console.log("حاشية 2");');
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<p>حاشية 2</p>');
    const again = await get('/assets/index-a1b2.js');
    expect([again.body, again.headers['cache-control']]).toEqual(['console.log("حاشية 1");', 'private, max-age=31536000, immutable']);
    expect((await get('/')).body).toBe('<p>حاشية 2</p>');
    // An asset not served before is read then; one that is not there is not found.
    await writeFile(path.join(dir, 'renderer', 'assets', 'font-c3d4.woff2'), 'wOF2');
    expect((await get('/assets/font-c3d4.woff2')).body).toBe('wOF2');
    expect((await get('/assets/gone-e5f6.js')).status).toBe(404);
    expect((await get('/assets/../../home/settings.json')).status).toBe(404);
  });
});
