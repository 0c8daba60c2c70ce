// `npm start`: build, then open the desktop window on the seeds corpus (or the corpus named by
// --corpus=DIR). Where the Electron binary cannot be had, say so plainly and run the browser
// host (`hashiya serve`) instead, so the app still starts.
import { spawn } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const run = (cmd, args) =>
  new Promise((resolve) => spawn(cmd, args, { stdio: 'inherit' }).on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const built = await run(process.execPath, ['scripts/build.mjs']);
if (built !== 0) process.exit(built);

const electron = electronBinary();
const passThrough = process.argv.slice(2);
if ('path' in electron) {
  process.exit(await run(electron.path, ['.', ...passThrough]));
}
console.error(
  [
    '',
    'Hashiya: the Electron binary is not available here, so the desktop window cannot open.',
    `  (${electron.missing})`,
    '  On a machine that can download it, `npm install` fetches it and `npm start` opens the window.',
    '  Starting the browser host instead — the same app in your browser: `hashiya serve` (`npm run serve`).',
    '',
  ].join('\n'),
);
const corpus = passThrough.find((a) => a.startsWith('--corpus='));
process.exit(await run(process.execPath, ['bin/hashiya.js', 'serve', ...(corpus ? ['--corpus', corpus.slice('--corpus='.length)] : [])]));
