import './begin-host-calls';
import '@fontsource/noto-naskh-arabic/400.css';
import '@fontsource/noto-naskh-arabic/700.css';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Every face of our two bundled families (each weight is split by unicode-range into subsets) is
// fetched now, not when a character of its subset is first drawn: each late face invalidates the
// text of its whole family, and a long article is then laid out again at once — in the middle of
// a key press (a bold Arabic quote in the side panel, a Latin digit, …). They are local files.
for (const face of document.fonts) {
  if (/Noto (Naskh Arabic|Sans)/.test(face.family)) void face.load().catch(() => undefined);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
