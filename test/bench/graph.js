#!/usr/bin/env node
// Wall time of `kubeflow-iac graph --stack kind` (the whole default platform registered
// against Pulumi mocks), as a user runs it: a new node process each time, median of 3.
// The bar is 8 s. Run `npm run build` first.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const runs = Number(process.env.BENCH_RUNS || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const times = [];
let resources = 0;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'lib', 'cli', 'main.js'), 'graph', '--stack', 'kind'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.status !== 0) throw new Error(`graph failed: ${r.stderr}`);
  resources = JSON.parse(r.stdout).length;
}
console.log(`graph --stack kind: median ${(median(times) / 1000).toFixed(2)} s over ${runs} runs (${resources} resources; bar 8 s)`);
