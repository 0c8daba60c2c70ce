/**
 * The Electron main process: one window showing the built renderer through the `app://` scheme
 * (so a Content-Security-Policy header applies), the host service behind IPC, and the hardening
 * the desktop app needs: context isolation, a sandboxed preload, no Node in the renderer,
 * navigation and new windows refused, IPC senders checked, every argument validated by the
 * shared contract before the service sees it.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorReply, hostMethods } from '../shared/host-contract.js';
import { hostChannel } from '../shared/host-channels.js';
import { appPaths } from './app-paths.js';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import { createHostService } from './host-service.js';
import { corpusFromArgs } from './launch-args.js';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://hashiya`;

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === `${ORIGIN}/` || url.startsWith(`${ORIGIN}/`);
}

function isFolderWithManifest(p: string): boolean {
  try {
    return statSync(p).isDirectory() && existsSync(path.join(p, 'hashiya.json'));
  } catch {
    return false;
  }
}

/** A manifest opened before the app was ready (macOS sends `open-file` early). */
let openedEarly: string | undefined;
app.on('open-file', (event, file) => {
  event.preventDefault();
  openedEarly = corpusFromArgs(['', file], isFolderWithManifest);
});

async function start(): Promise<void> {
  const paths = appPaths();
  const corpusArg = corpusFromArgs(process.argv, isFolderWithManifest) ?? openedEarly;
  let window: BrowserWindow | null = null;

  const service = await createHostService({
    dataDir: process.env.HASHIYA_HOME ? paths.dataDir : app.getPath('userData'),
    seedsDir: paths.seedsDir,
    corpus: corpusArg,
    version: paths.version,
    log: (m) => console.log(m),
    pickFolder: async () => {
      const options = { title: 'Open corpus', properties: ['openDirectory', 'createDirectory'] } as Electron.OpenDialogOptions;
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });

  for (const method of hostMethods) {
    ipcMain.handle(hostChannel(method), async (event, args: unknown) => {
      if (!trustedSender(event)) return errorReply(new Error('IPC from an untrusted frame was refused'));
      try {
        return { ok: true, value: await service.call(method, args) };
      } catch (error) {
        return errorReply(error);
      }
    });
  }

  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(paths.rendererDir, `.${path.posix.normalize(relative)}`);
    if (url.host !== 'hashiya' || !file.startsWith(paths.rendererDir + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  // The renderer needs no permission (camera, notifications, clipboard-read, ...): refuse all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${ORIGIN}/`)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\/[^\s]+$/.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Hashiya',
    icon: path.join(paths.root, 'build', 'icon.png'),
    webPreferences: {
      preload: path.join(paths.root, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  await window.loadURL(`${ORIGIN}/index.html`);

  // A corpus opened while the app runs (a second launch, or macOS "open file"): open it in this
  // window through the same host method the Open corpus dialog uses, then reload the page.
  const openLater = async (dir: string | undefined): Promise<void> => {
    if (!dir || !window) return;
    try {
      await service.call('openCorpus', [dir]);
    } catch (error) {
      console.error(error);
    }
    if (window.isMinimized()) window.restore();
    window.focus();
    window.webContents.reload();
  };
  app.on('second-instance', (_event, argv) => void openLater(corpusFromArgs(argv, isFolderWithManifest)));
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openLater(corpusFromArgs(['', file], isFolderWithManifest));
  });
}

// One window per user: a second launch (e.g. opening a manifest) hands its arguments to this one.
if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
