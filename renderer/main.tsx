// Entry point: pick the transport (Electron IPC or the host's WebSocket) and mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ClientProvider } from './app/ClientContext';
import { thisTab } from './app/thisTab';
import { pickTransport } from './app/transport/pickTransport';
import { ToastProvider } from './ui/Toast';
import './app/theme.css';

// Claimed at once, so a copy made of this tab (duplicated) finds its id taken.
void thisTab();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ClientProvider transport={pickTransport()}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </ClientProvider>
  </StrictMode>,
);
