#!/usr/bin/env node
'use strict';
// End-to-end test on a real Kubernetes API server (issue 11): install, upgrade, destroy.
// Run with `npm run test:e2e`; see README.md beside this file.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const YAML = require('yaml');
const { Cluster } = require('./cluster');
const { pulumiPhase } = require('./pulumi');
const { injectionCheck } = require('./injection');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'lib/cli/main.js');
const FROM = 'v1.11.0';
const TO = '26.03';
const WAIT_TIMEOUT = process.env.E2E_WAIT_TIMEOUT || '300';
const KEEP = process.env.E2E_KEEP === '1';

const t0 = Date.now();
const log = (s) => process.stdout.write(`[e2e ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${s}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(0)}s`;

const children = new Set();
/** Runs a command, streaming its output with a prefix; rejects on non-zero exit. */
function run(cmd, args, { env, cwd, prefix, capture } = {}) {
  return new Promise((resolve, reject) => {
    // Its own process group, so a stop kills it and whatever it started (kubectl, plugins).
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(p);
    p.on('exit', () => children.delete(p));
    let out = '';
    const on = (c) => {
      const s = c.toString();
      out += s;
      if (!capture) for (const l of s.split('\n')) if (l) process.stdout.write(`${prefix ?? ''}${l}\n`);
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(Object.assign(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} exited ${code}\n${out.split('\n').slice(-30).join('\n')}`), { output: out }))));
  });
}

function binaries() {
  const out = execFileSync(path.join(__dirname, 'build/build.sh'), ['--print'], { encoding: 'utf8' });
  const bins = {};
  for (const l of out.split('\n')) if (l.includes('=')) { const [k, v] = l.split('='); bins[k] = v; }
  return bins;
}

/** Every object of a bundle's manifests, in wave order. */
function bundleObjects(bundle) {
  const dir = path.join(bundle, 'manifests');
  const objs = [];
  const waves = fs.readdirSync(dir).sort();
  for (const w of waves) {
    for (const f of fs.readdirSync(path.join(dir, w)).sort()) {
      for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, w, f), 'utf8'))) {
        const o = d.toJSON();
        if (o && o.kind) objs.push({ ...o, wave: w, file: f });
      }
    }
  }
  return { objs, waves: waves.length };
}

/** kind -> REST path, from API discovery. */
async function discovery(kube, objs) {
  const map = new Map();
  for (const gv of new Set(objs.map((o) => o.apiVersion))) {
    const url = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
    const r = await kube.get(url).catch(() => ({ resources: [] }));
    for (const res of r.resources) if (!res.name.includes('/')) map.set(`${gv}/${res.kind}`, { url, name: res.name, namespaced: res.namespaced });
  }
  return map;
}

async function objectPath(kube, disco, o) {
  const d = disco.get(`${o.apiVersion}/${o.kind}`);
  if (!d) return null;
  const ns = d.namespaced ? `/namespaces/${o.metadata.namespace || 'default'}` : '';
  return `${d.url}${ns}/${d.name}/${o.metadata.name}`;
}

/** Every object of the bundle exists; every Deployment is Available, StatefulSets and DaemonSets ready. */
async function verify(cluster, objs, label) {
  const kube = cluster.kube;
  const disco = await discovery(kube, objs);
  const missing = [];
  for (const o of objs) {
    const p = await objectPath(kube, disco, o);
    const r = p ? await kube.raw('GET', p) : { status: 'no such kind' };
    if (r.status !== 200) missing.push(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name} (${r.status})`);
  }
  const problems = [...missing.map((m) => `missing ${m}`)];
  // The API server drops metadata.namespace of a cluster-scoped object; tools that key objects by
  // namespace/name (install.sh --prune, diffs) then disagree with the cluster.
  const scoped = objs.filter((o) => o.metadata.namespace && disco.get(`${o.apiVersion}/${o.kind}`) && !disco.get(`${o.apiVersion}/${o.kind}`).namespaced);
  if (scoped.length && !verify.warned) {
    verify.warned = true;
    log(`warning: ${scoped.length} cluster-scoped objects carry metadata.namespace:\n  ${scoped.map((o) => `${o.kind} ${o.metadata.name} (namespace: ${o.metadata.namespace}, ${o.wave}/${o.file})`).join('\n  ')}`);
  }
  for (const d of (await kube.get('/apis/apps/v1/deployments')).items) {
    const avail = (d.status.conditions || []).find((c) => c.type === 'Available');
    if (!avail || avail.status !== 'True' || (d.status.updatedReplicas ?? 0) < (d.spec.replicas ?? 1)) problems.push(`Deployment ${d.metadata.namespace}/${d.metadata.name} not Available: ${avail ? avail.message : 'no condition'}`);
  }
  for (const s of (await kube.get('/apis/apps/v1/statefulsets')).items) {
    if ((s.status.readyReplicas ?? 0) < (s.spec.replicas ?? 1)) problems.push(`StatefulSet ${s.metadata.namespace}/${s.metadata.name} ready ${s.status.readyReplicas ?? 0}/${s.spec.replicas}`);
  }
  for (const s of (await kube.get('/apis/apps/v1/daemonsets')).items) {
    if ((s.status.numberReady ?? 0) < s.status.desiredNumberScheduled || s.status.desiredNumberScheduled === 0) problems.push(`DaemonSet ${s.metadata.namespace}/${s.metadata.name} ready ${s.status.numberReady}/${s.status.desiredNumberScheduled}`);
  }
  const deployments = (await kube.get('/apis/apps/v1/deployments')).items.length;
  if (problems.length) {
    const events = (await kube.get('/api/v1/events')).items.filter((e) => e.type === 'Warning').slice(-40).map((e) => `  ${e.involvedObject.kind} ${e.involvedObject.namespace}/${e.involvedObject.name}: ${e.reason}: ${e.message}`);
    throw new Error(`${label}: ${problems.length} problems:\n  ${problems.join('\n  ')}\nrecent warning events:\n${events.join('\n')}`);
  }
  log(`${label}: all ${objs.length} objects exist, ${deployments} Deployments Available, StatefulSets and DaemonSets ready`);
}

function writeConfig(dir, release) {
  const f = path.join(dir, `config-${release}.yaml`);
  fs.writeFileSync(f, `release: "${release}"\n`);
  return f;
}

async function bundlePhase(work, bins, summary) {
  const cluster = new Cluster({ bins, name: 'bundle', log });
  current.push(cluster);
  log(`starting control plane (${cluster.dir})`);
  await cluster.start();
  log(`control plane up at ${cluster.server}`);
  const env = { KUBECONFIG: cluster.kubeconfig, WAIT_TIMEOUT, PATH: process.env.PATH };
  const secrets = path.join(work, 'secrets.yaml');
  const applied = {};
  for (const release of [FROM, TO]) {
    const out = path.join(work, `bundle-${release}`);
    await run('node', [CLI, 'bundle', '--out', out, '--config', writeConfig(work, release), '--secrets', secrets], { prefix: '  [bundle] ' });
    const { objs, waves } = bundleObjects(out);
    log(`${release === FROM ? 'install' : 'upgrade to'} ${release}: ${objs.length} objects in ${waves} waves`);
    const t = Date.now();
    const output = await run(path.join(out, 'install.sh'), [], { env, cwd: out, prefix: '  [install.sh] ' });
    const ms = Date.now() - t;
    const warnings = output.split('\n').filter((l) => /^Warning:/i.test(l));
    summary.push({ release, objects: objs.length, waves, ms, warnings });
    log(`install.sh ${release} done in ${secs(ms)}${warnings.length ? ` (${warnings.length} apiserver warnings)` : ''}`);
    await verify(cluster, objs, `after install.sh ${release}`);
    passed.push(`install.sh ${release}`);
    applied[release] = objs;
    if (release === TO) {
      // A restricted namespace and a tenant's (baseline).
      await injectionCheck({ cluster, bins, bundle: out, namespaces: ['kubeflow', 'kubeflow-user-example-com'], log });
      passed.push('sidecar injection');
    }
    const dead = cluster.dead();
    if (dead.length) throw new Error(`control plane processes died: ${dead.join(', ')}`);
  }
  // install.sh does not prune: report what the old release had and the new one does not.
  const key = (o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  const now = new Set(applied[TO].map(key));
  const disco = await discovery(cluster.kube, applied[FROM]);
  const left = [];
  for (const o of applied[FROM].filter((x) => !now.has(key(x)))) {
    const p = await objectPath(cluster.kube, disco, o);
    if (p && (await cluster.kube.raw('GET', p)).status === 200) left.push(key(o));
  }
  summary.leftBehind = left;
  if (left.length) log(`${left.length} objects of ${FROM} that ${TO} no longer has are still in the cluster after the upgrade:\n  ${left.join('\n  ')}`);
  // install.sh --prune (when the bundle has it): deletes those, keeps CRDs, PVCs and namespaces.
  const out = path.join(work, `bundle-${TO}`);
  if (fs.readFileSync(path.join(out, 'install.sh'), 'utf8').includes('--prune)')) {
    const t = Date.now();
    await run(path.join(out, 'install.sh'), ['--prune'], { env, cwd: out, prefix: '  [install.sh --prune] ' });
    summary.pruneMs = Date.now() - t;
    const still = [];
    const keptKinds = ['CustomResourceDefinition', 'PersistentVolumeClaim', 'Namespace'];
    for (const o of applied[FROM].filter((x) => !now.has(key(x)) && !keptKinds.includes(x.kind))) {
      const p = await objectPath(cluster.kube, disco, o);
      const r = p ? await cluster.kube.get(p).catch(() => null) : null;
      if (r && !r.metadata.deletionTimestamp) still.push(key(o));
    }
    // A prune failure is recorded and the run goes on to the Pulumi phase; main() then fails.
    try {
      if (still.length) throw new Error(`install.sh --prune left ${still.length} objects of ${FROM}:\n  ${still.join('\n  ')}`);
      await verify(cluster, applied[TO], `after install.sh --prune ${TO}`);
      passed.push('install.sh --prune');
      log(`install.sh --prune done in ${secs(summary.pruneMs)}: ${left.length} objects of ${FROM} deleted`);
    } catch (e) {
      softFailures.push(e);
      log(`install.sh --prune FAILED (going on): ${e.message.split('\nrecent warning events')[0]}`);
    }
  } else {
    log('install.sh has no --prune: not tested');
  }
  log(`fakes: ${JSON.stringify(cluster.fakes.counts)}${cluster.fakes.errors.length ? `; errors: ${cluster.fakes.errors.slice(0, 5).join('; ')}` : ''}`);
  await cluster.stop(KEEP);
  current.splice(current.indexOf(cluster), 1);
}

const current = [];
const softFailures = [];
// Steps that passed, for the closing `e2e: N passed, N failed` line; STEPS is how many each phase has.
const passed = [];
const STEPS = { bundle: 4, pulumi: 6 };
let stopping = false;
async function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const p of children) try { process.kill(-p.pid, 'SIGTERM'); } catch { /* gone */ }
  for (const c of current.reverse()) await c.stop(KEEP).catch(() => {});
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { log(`${sig}: stopping`); stopAll().then(() => process.exit(130)); });
process.on('exit', () => { for (const p of children) try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ } for (const c of current) for (const p of c.procs) if (p.exitedWith === null) try { p.kill('SIGKILL'); } catch { /* gone */ } });

async function main() {
  if (!fs.existsSync(CLI)) throw new Error('lib/cli/main.js missing: run `npm run build` first');
  log('binaries: build/build.sh (cached after the first run)');
  const tb = Date.now();
  // E2E_NO_BUILD=1: use only the binaries already cached (build nothing).
  if (process.env.E2E_NO_BUILD !== '1') {
    try {
      await run(path.join(__dirname, 'build/build.sh'), [], { prefix: '  ' });
    } catch (e) {
      log('some binaries could not be built; running what can run');
    }
  }
  const bins = binaries();
  log(`binaries ready in ${secs(Date.now() - tb)}: ${Object.keys(bins).filter((k) => !k.endsWith('.version')).join(', ')}`);
  for (const b of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']) if (!bins[b]) throw new Error(`${b} is not built; see build/build.sh output above`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeflow-iac-e2e-work-'));
  const bundle = [];
  let pulumi = null;
  let failure = null;
  let phase = 'bundle';
  try {
    // E2E_ONLY=bundle or E2E_ONLY=pulumi runs one of the two phases.
    if (process.env.E2E_ONLY !== 'pulumi') await bundlePhase(work, bins, bundle);
    phase = 'pulumi';
    if (process.env.E2E_ONLY !== 'bundle') pulumi = await pulumiPhase({ work, bins, log, run, verify, passed, bundleObjects, writeConfig, current, root: ROOT, cli: CLI, from: FROM, to: TO, keep: KEEP });
  } catch (e) {
    failure = e;
    if (e.times) pulumi = { ran: true, failed: true, ...e.times };
  } finally {
    if (!failure && softFailures.length) failure = softFailures[0];
    else if (failure && softFailures.length) failure = new Error(`${softFailures.map((x) => x.message).join('\n')}\n${failure.message}`);
    await stopAll();
    // On failure the work dir (bundles, pulumi logs and state) stays for a look.
    if (!KEEP && !failure) fs.rmSync(work, { recursive: true, force: true });
    else log(`work dir kept: ${work}`);
  }
  const b = (r) => bundle.find((x) => x.release === r);
  const parts = [
    `objects applied ${bundle.map((x) => `${x.objects} (${x.release})`).join(' + ') || '-'}`,
    `waves ${bundle.map((x) => x.waves).join('/') || '-'}`,
    `bundle install ${b(FROM) ? secs(b(FROM).ms) : '-'}`,
    `bundle upgrade ${b(TO) ? secs(b(TO).ms) : '-'}`,
    ...(bundle.pruneMs ? [`prune ${secs(bundle.pruneMs)} (${bundle.leftBehind.length} deleted)`] : []),
  ];
  if (pulumi && pulumi.ran) {
    const t = (k) => (pulumi[k] === undefined ? 'FAILED' : secs(pulumi[k]));
    parts.push(`pulumi up ${t('up')}`, `no-op up ${t('noop')}`, `upgrade up ${t('upgrade')}`, `destroy ${t('destroy')}`);
  } else {
    parts.push(`pulumi: ${pulumi ? pulumi.skipped : failure ? (phase === 'pulumi' ? 'FAILED' : 'not reached') : 'skipped'}`);
  }
  parts.push(`total ${secs(Date.now() - t0)}`);
  const warnings = bundle.flatMap((x) => x.warnings.map((w) => `${x.release}: ${w}`));
  if (warnings.length) log(`apiserver warnings during install.sh:\n  ${[...new Set(warnings)].join('\n  ')}`);
  if (failure) {
    log(`FAILED: ${failure.stack || failure.message}`);
    process.stdout.write(`e2e FAILED: ${parts.join(', ')}\n`);
  } else {
    process.stdout.write(`e2e PASSED: ${parts.join(', ')}\n`);
  }
  const expected = Object.entries(STEPS).filter(([k]) => !process.env.E2E_ONLY || process.env.E2E_ONLY === k).reduce((n, [, v]) => n + v, 0);
  process.stdout.write(`e2e: ${passed.length} passed, ${failure ? Math.max(1, expected - passed.length) : 0} failed\n`);
  if (failure) process.exit(1);
}

main().catch((e) => { log(`FAILED: ${e.stack || e.message}`); stopAll().then(() => process.exit(1)); });
