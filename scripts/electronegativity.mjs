// Runs @doyensec/electronegativity over the Electron main process, the preload and the built
// renderer page, and fails on any HIGH or MEDIUM finding not explained in
// build/electronegativity-allowlist.json. The tool always exits 0, so its CSV output is parsed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const allow = JSON.parse(readFileSync(path.join(root, 'build/electronegativity-allowlist.json'), 'utf8')).accepted;

const stage = mkdtempSync(path.join(os.tmpdir(), 'hashiya-eneg-'));
try {
  cpSync(path.join(root, 'electron'), path.join(stage, 'electron'), { recursive: true });
  cpSync(path.join(root, 'dist/renderer/index.html'), path.join(stage, 'index.html'));
  const out = path.join(stage, 'findings.csv');
  const bin = createRequire(import.meta.url).resolve('@doyensec/electronegativity/dist/index.js');
  execFileSync(process.execPath, [bin, '-i', stage, '-o', out, '-r', '-v', 'false', '-e', electronVersion], { stdio: ['ignore', 'ignore', 'ignore'] });
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(parseCsvLine);
  const serious = rows.filter((r) => r[1] === 'HIGH' || r[1] === 'MEDIUM');
  const unexplained = serious.filter((r) => !allow.some((a) => a.issue === r[0] && path.basename(r[3] ?? '') === a.file));
  for (const r of serious) {
    const accepted = !unexplained.includes(r);
    console.log(`${accepted ? 'accepted ' : 'FINDING  '} ${r[1]} ${r[0]} ${r[3]}:${r[4]} ${accepted ? '' : `— ${r[6]}`}`);
  }
  console.log(`electronegativity: ${rows.length} findings, ${serious.length} high/medium, ${unexplained.length} not in the allow-list (Electron ${electronVersion})`);
  if (unexplained.length > 0) process.exitCode = 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** One CSV line of the tool's output (quoted fields may hold commas). */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}
