/**
 * The Electron preload: the only renderer-side code that touches raw IPC. It exposes
 * `window.hashiyaHost`, one function per host method, each forwarding its arguments to the
 * main process and returning the main process's `HostReply` envelope unchanged.
 * Built as a single CommonJS file (a sandboxed preload can require nothing but `electron`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_METHODS, hostChannel, type HostMethodName } from '../shared/host-channels.js';

const api = Object.fromEntries(
  HOST_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(hostChannel(method), args)]),
) as Record<HostMethodName, (...args: unknown[]) => Promise<unknown>>;

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('hashiyaHost', Object.freeze(api));
