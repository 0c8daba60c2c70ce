/**
 * The renderer's one way to its host. On the desktop the Electron preload provides
 * `window.hashiyaHost` (IPC); in a browser, `hashiya serve` provides the same methods over HTTP.
 * Both answer with the contract's `HostReply` envelope; this module unwraps it, so callers get
 * values or a thrown `HostError` and cannot tell the hosts apart.
 */
// Types only from host-contract.ts: its argument schemas are the hosts' (see host-reply.ts).
import type { HostApi, HostMethod } from '../../shared/host-contract';
import { HOST_METHODS } from '../../shared/host-channels';
import { unwrapReply, type HostReply } from '../../shared/host-reply';
import type { PreloadApi } from '../../electron/preload';

declare global {
  interface Window {
    hashiyaHost?: PreloadApi;
  }
}

type Transport = (method: HostMethod, args: readonly unknown[]) => Promise<HostReply<unknown>>;

function ipcTransport(api: PreloadApi): Transport {
  return (method, args) => api[method](...args) as Promise<HostReply<unknown>>;
}

function httpTransport(token: string): Transport {
  return async (method, args) => {
    const response = await fetch(`api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hashiya-Token': token },
      body: JSON.stringify(args),
      credentials: 'same-origin',
    });
    if (!response.ok && response.headers.get('Content-Type')?.startsWith('application/json') !== true) {
      return { ok: false, error: { code: 'internal', message: `${response.status}: ${await response.text()}`, problems: [] } };
    }
    return (await response.json()) as HostReply<unknown>;
  };
}

function createHost(): HostApi {
  let transport: Transport;
  if (window.hashiyaHost) {
    transport = ipcTransport(window.hashiyaHost);
  } else {
    const token = document.querySelector<HTMLMetaElement>('meta[name="hashiya-token"]')?.content ?? '';
    transport = httpTransport(token);
  }
  const api: Partial<Record<HostMethod, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of HOST_METHODS) {
    api[method] = async (...args: unknown[]) => unwrapReply(await transport(method, args));
  }
  return api as HostApi;
}

export const host: HostApi = createHost();
