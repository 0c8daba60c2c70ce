// main.tsx's first import, so that it runs before React and the editor are evaluated: see startup-calls.ts.
import { host } from './host';
import { beginStartupCalls } from './startup-calls';

beginStartupCalls(host);
