#!/usr/bin/env node
// npm run bench: wall time and peak memory of a full default synth, the CLI as a user
// runs it (a new node process each time), median of several runs.
// The bar: kustomize build of upstream's 26.03 example takes about 6.7 s and 400 MiB here;
// ours must take at most a fifth of that time, with less memory.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS || 7);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function once(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'rss.js'), path.join(root, 'lib', 'cli', 'main.js'), ...args], { cwd: root, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  const kib = Number(/bench-maxrss-kib=(\d+)/.exec(r.stderr)[1]);
  return { ms, mib: kib / 1024 };
}

const cases = [
  ['synth (default platform)', ['synth', '--out', path.join(out, 'dist')]],
  ['images (default platform)', ['images']],
];
for (const [name, args] of cases) {
  once(args); // warm the file cache
  const samples = Array.from({ length: runs }, () => once(args));
  const ms = median(samples.map((s) => s.ms));
  const mib = median(samples.map((s) => s.mib));
  console.log(`${name}: median ${ms.toFixed(0)} ms, peak ${mib.toFixed(0)} MiB over ${runs} runs (bar: 1340 ms, 400 MiB)`);
}
fs.rmSync(out, { recursive: true, force: true });
