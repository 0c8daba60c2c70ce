import '@fontsource/noto-naskh-arabic/400.css';
import '@fontsource/noto-naskh-arabic/700.css';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Both weights of the Arabic face are fetched now (they are bundled), not on the first bold
// highlight: a late font swap relays out a long article at once.
void document.fonts.load('400 1em "Noto Naskh Arabic"');
void document.fonts.load('700 1em "Noto Naskh Arabic"');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
