// Preload: exposes the contract client's transport to the page, and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const api = {
  async call(method: string, params: unknown): Promise<unknown> {
    const reply = (await ipcRenderer.invoke('atelier:call', method, params)) as Reply;
    if (reply.ok) return reply.result;
    throw reply.error;
  },
  subscribe(listener: (event: string, data: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: string, data: unknown) => listener(event, data);
    ipcRenderer.on('atelier:event', wrapped);
    return () => ipcRenderer.removeListener('atelier:event', wrapped);
  },
};

contextBridge.exposeInMainWorld('atelier', api);
