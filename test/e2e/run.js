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
// Install semantics (identity, which kinds hold data) from their one home, as built by `npm run build`.
const { PRUNE_KEEPS, refText, UID_KEPT_KINDS } = require('../../lib/constructs/install');
const { injectionCheck } = require('./injection');
const { isolationCheck } = require('./isolation');
const { Controllers, neededBuilds, runnable, harnessDeployments } = require('./controllers');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'lib/cli/main.js');
// The bundle phase installs the first release and upgrades one release at a time (as a site
// must); the Pulumi phase upgrades across the last hop. E2E_RELEASES=a,b,... picks others.
const RELEASES = (process.env.E2E_RELEASES || 'v1.11.0,26.03,26.03.1').split(',');
const [FROM, TO] = RELEASES.slice(-2);
// Sidecar injection is checked once, on the newest release.
const INJECTION_RELEASE = RELEASES[RELEASES.length - 1];
const WAIT_TIMEOUT = process.env.E2E_WAIT_TIMEOUT || '300';
const KEEP = process.env.E2E_KEEP === '1';
// The bundle phase's tenants (bundle and plan): two, with contributors of every kind, for isolation.js.
const PROFILES = path.join(__dirname, 'profiles');

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

/** The objects an upgrade plan says must be replaced, as `Kind ns/name`. */
function plannedReplacements(from, to, secrets) {
  const out = execFileSync('node', [CLI, 'plan', '--from', from, '--to', to, '--json', '--allow-data-loss', '--secrets', secrets, '--profiles', PROFILES], { encoding: 'utf8' });
  return JSON.parse(out).replacements.map(refText).sort();
}

const key = (o) => refText({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

/** uid of each object of a list that exists in the cluster, by key. */
async function uids(cluster, objs) {
  const disco = await discovery(cluster.kube, objs);
  const m = new Map();
  for (const o of objs) {
    const p = await objectPath(cluster.kube, disco, o);
    const r = p ? await cluster.kube.get(p).catch(() => null) : null;
    if (r && r.metadata && !r.metadata.deletionTimestamp) m.set(key(o), r.metadata.uid);
  }
  return m;
}

/**
 * One upgrade hop's checks: the objects both releases have that got a new uid are exactly the
 * ones `plan` lists as replacements, and none of them holds data.
 */
function checkReplaced(before, after, planned, label) {
  const replaced = [...before.keys()].filter((k) => after.has(k) && after.get(k) !== before.get(k)).sort();
  const data = replaced.filter((k) => UID_KEPT_KINDS.includes(k.split(' ')[0]) && !planned.includes(k));
  const unplanned = replaced.filter((k) => !planned.includes(k));
  const notDone = planned.filter((k) => before.has(k) && !replaced.includes(k));
  const problems = [
    ...data.map((k) => `data object got a new uid: ${k}`),
    ...unplanned.filter((k) => !data.includes(k)).map((k) => `replaced but not in plan: ${k}`),
    ...notDone.map((k) => `in plan but not replaced: ${k}`),
  ];
  if (problems.length) throw new Error(`${label}: ${problems.length} problems:\n  ${problems.join('\n  ')}`);
  log(`${label}: replaced exactly the ${replaced.length} objects plan lists${replaced.length ? ` (${replaced.join(', ')})` : ''}; every data object kept its uid`);
  return replaced;
}

async function bundlePhase(work, bins, summary) {
  const cluster = new Cluster({ bins, name: 'bundle', log, harnessReady: harnessDeployments() });
  current.push(cluster);
  log(`starting control plane (${cluster.dir})`);
  await cluster.start();
  log(`control plane up at ${cluster.server}`);
  // Real controllers (real/*.js), restarted at each hop with the new release's Deployment.
  const controllers = new Controllers({ cluster, bins, log, notBuilt });
  current.unshift(controllers);
  summary.controllers = controllers;
  controllers.start();
  const env = { KUBECONFIG: cluster.kubeconfig, WAIT_TIMEOUT, PATH: process.env.PATH };
  const secrets = path.join(work, 'secrets.yaml');
  summary.hops = [];
  let prev = null;
  for (const release of RELEASES) {
    const out = path.join(work, `bundle-${release}`);
    await run('node', [CLI, 'bundle', '--out', out, '--config', writeConfig(work, release), '--secrets', secrets, '--profiles', PROFILES], { prefix: '  [bundle] ' });
    const { objs, waves } = bundleObjects(out);
    log(`${prev ? `upgrade ${prev.release} ->` : 'install'} ${release}: ${objs.length} objects in ${waves} waves`);
    const before = prev ? await uids(cluster, prev.objs) : null;
    const planned = prev ? plannedReplacements(prev.release, release, secrets) : [];
    const real = await controllers.useRelease(release, objs);
    const t = Date.now();
    const output = await run(path.join(out, 'install.sh'), [], { env, cwd: out, prefix: '  [install.sh] ' });
    const ms = Date.now() - t;
    const warnings = output.split('\n').filter((l) => /^Warning:/i.test(l));
    const hop = { release, from: prev && prev.release, objects: objs.length, waves, ms, warnings };
    summary.push(hop);
    log(`install.sh ${release} done in ${secs(ms)}${warnings.length ? ` (${warnings.length} apiserver warnings)` : ''}`);
    await verify(cluster, objs, `after install.sh ${release}`);
    passed.push(`install.sh ${release}`);
    if (real.length) {
      await controllers.waitRunning(120);
      await stories({ cluster, controllers, release, objs, work, real });
    }
    if (prev) {
      hop.replaced = checkReplaced(before, await uids(cluster, prev.objs), planned, `upgrade ${prev.release} -> ${release}`);
      passed.push(`upgrade to ${release} replaces what plan lists`);
    }
    if (release === INJECTION_RELEASE) {
      // A restricted namespace and a tenant's (baseline).
      await injectionCheck({ cluster, bins, bundle: out, namespaces: ['kubeflow', 'kubeflow-user-example-com'], log });
      passed.push('sidecar injection');
      await isolationCheck({ cluster, release, log });
      passed.push('tenant isolation');
    }
    const dead = cluster.dead();
    if (dead.length) throw new Error(`control plane processes died: ${dead.join(', ')}`);
    if (prev) await pruneHop(cluster, env, out, prev, { release, objs }, hop);
    prev = { release, objs };
  }
  log(`fakes: ${JSON.stringify(cluster.fakes.counts)}${cluster.fakes.errors.length ? `; errors: ${cluster.fakes.errors.slice(0, 5).join('; ')}` : ''}`);
  log(`webhook routing: ${JSON.stringify(cluster.router.counts)}`);
  controllers.check('end of the bundle phase');
  await controllers.stop();
  current.splice(current.indexOf(controllers), 1);
  await cluster.stop(KEEP);
  current.splice(current.indexOf(cluster), 1);
}

/**
 * The user stories of the real components that run for this release (real/<name>.js), each one
 * check. A failed story is recorded and the run goes on (main() then fails), so one run reports
 * every story; no controller may have died or been forbidden anything.
 */
async function stories({ cluster, controllers, release, objs, work, real }) {
  for (const { c, version } of real) {
    for (const story of c.stories || []) {
      const t = Date.now();
      try {
        const dir = path.join(work, `story-${c.name}-${release}`);
        fs.mkdirSync(dir, { recursive: true });
        const said = await story.run({ kube: cluster.kube, cluster, release, version, objs, log, dir, timeout: Number(WAIT_TIMEOUT), controllers });
        controllers.check(`${c.name} ${release}: ${story.name}`);
        passed.push(`real ${c.name} ${release}: ${story.name}`);
        log(`real ${c.name} ${version} (${release}): ${story.name}: ${said || 'ok'} (${secs(Date.now() - t)})`);
      } catch (e) {
        softFailures.push(new Error(`real ${c.name} ${version} (${release}): ${story.name}: ${e.message}`));
        log(`real ${c.name} ${version} (${release}): ${story.name} FAILED (going on): ${e.message}`);
      }
    }
  }
}

/** After an upgrade: what the old release had and the new one does not is deleted by install.sh --prune. */
async function pruneHop(cluster, env, out, prev, next, hop) {
  const now = new Set(next.objs.map(key));
  const disco = await discovery(cluster.kube, prev.objs);
  const left = [];
  for (const o of prev.objs.filter((x) => !now.has(key(x)))) {
    const p = await objectPath(cluster.kube, disco, o);
    if (p && (await cluster.kube.raw('GET', p)).status === 200) left.push(key(o));
  }
  hop.leftBehind = left;
  if (left.length) log(`${left.length} objects of ${prev.release} that ${next.release} no longer has are still in the cluster after the upgrade:\n  ${left.join('\n  ')}`);
  const t = Date.now();
  await run(path.join(out, 'install.sh'), ['--prune'], { env, cwd: out, prefix: '  [install.sh --prune] ' });
  hop.pruneMs = Date.now() - t;
  const still = [];
  for (const o of prev.objs.filter((x) => !now.has(key(x)) && !PRUNE_KEEPS.includes(x.kind))) {
    const p = await objectPath(cluster.kube, disco, o);
    const r = p ? await cluster.kube.get(p).catch(() => null) : null;
    if (r && !r.metadata.deletionTimestamp) still.push(key(o));
  }
  // A prune failure is recorded and the run goes on; main() then fails.
  try {
    if (still.length) throw new Error(`install.sh --prune left ${still.length} objects of ${prev.release}:\n  ${still.join('\n  ')}`);
    await verify(cluster, next.objs, `after install.sh --prune ${next.release}`);
    passed.push(`install.sh --prune ${next.release}`);
    log(`install.sh --prune done in ${secs(hop.pruneMs)}: ${left.length} objects of ${prev.release} deleted`);
  } catch (e) {
    softFailures.push(e);
    log(`install.sh --prune FAILED (going on): ${e.message.split('\nrecent warning events')[0]}`);
  }
}

const current = [];
const softFailures = [];
// Steps that passed, for the closing `e2e: N passed, N failed` line; STEPS is how many each phase has.
const passed = [];
// bundle: install.sh per release, replacement check and prune per hop, sidecar injection, tenant
// isolation, and each real component's stories per release it runs for (added once the binaries
// are known).
/** Why a real controller's `<name>@<version>` was not built (buildReal), for the summary. */
const notBuilt = new Map();
const STEPS = { bundle: RELEASES.length + 2 * (RELEASES.length - 1) + 2, pulumi: 6 };
let stopping = false;
async function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const p of children) try { process.kill(-p.pid, 'SIGTERM'); } catch { /* gone */ }
  // current: the real controllers (first) and the control planes.
  for (const c of [...current]) await c.stop(KEEP).catch(() => {});
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { log(`${sig}: stopping`); stopAll().then(() => process.exit(130)); });
process.on('exit', () => { for (const p of children) try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ } for (const c of current) for (const p of (c.pids ? c.pids() : c.procs)) if (p.exitedWith === null) try { p.kill('SIGKILL'); } catch { /* gone */ } });

/**
 * The real controllers' versions these releases need (and only those), newest release first,
 * each built only while the run is within its build budget: on a cold cache the builds take about
 * an hour on 2 cores (README, "Cost"), so a first run builds what fits and runs the rest faked
 * (listed under "not run" with the reason); every later run starts where it stopped, until all
 * are cached and cost nothing. E2E_BUILD_BUDGET (seconds from the start of the run, default
 * 2400) bounds when a build may start; a build that started runs to its end.
 */
async function buildReal(t0) {
  const budget = Number(process.env.E2E_BUILD_BUDGET || 2400);
  for (const b of neededBuilds(RELEASES)) {
    const spent = Math.round((Date.now() - t0) / 1000);
    if (spent > budget) {
      const why = `${b.replace('@', ' ')} not built: the build budget ran out (${spent}s spent, E2E_BUILD_BUDGET=${budget}); a later run builds it`;
      notBuilt.set(b, why);
      log(`real controllers: ${why}`);
      continue;
    }
    try {
      await run(path.join(__dirname, 'build/build.sh'), [b], { prefix: '  ' });
    } catch (e) {
      log(`real controllers: ${b} could not be built; it runs faked`);
    }
  }
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error('lib/cli/main.js missing: run `npm run build` first');
  log('binaries: build/build.sh (cached after the first run)');
  const tb = Date.now();
  // E2E_NO_BUILD=1: use only the binaries already cached (build nothing).
  if (process.env.E2E_NO_BUILD !== '1') {
    try {
      // The base tools first: nothing runs without them.
      await run(path.join(__dirname, 'build/build.sh'), [], { prefix: '  ', env: { E2E_REAL_BUILDS: '' } });
    } catch (e) {
      log('some binaries could not be built; running what can run');
    }
    await buildReal(tb);
  }
  const bins = binaries();
  log(`binaries ready in ${secs(Date.now() - tb)}: ${Object.keys(bins).filter((k) => !k.endsWith('.version')).join(', ')}`);
  for (const b of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']) if (!bins[b]) throw new Error(`${b} is not built; see build/build.sh output above`);
  // A component not in a release's bundle (disabled) is found out later and has no stories then.
  STEPS.bundle += RELEASES.reduce((n, r) => n + runnable(r, bins).reduce((m, x) => m + (x.c.stories || []).length, 0), 0);
  // The Pulumi phase runs real cert-manager across its upgrade and checks its story once.
  // (E2E_RELEASES with one release has no upgrade: TO is undefined then.)
  const cm = (r) => !!r && runnable(r, bins).some((x) => x.c.name === 'cert-manager');
  if (cm(FROM) && cm(TO)) STEPS.pulumi += 1;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeflow-iac-e2e-work-'));
  const bundle = [];
  let pulumi = null;
  let failure = null;
  let phase = 'bundle';
  try {
    // E2E_ONLY=bundle or E2E_ONLY=pulumi runs one of the two phases.
    if (process.env.E2E_ONLY !== 'pulumi') await bundlePhase(work, bins, bundle);
    phase = 'pulumi';
    if (process.env.E2E_ONLY !== 'bundle') pulumi = await pulumiPhase({ work, bins, log, run, verify, passed, bundleObjects, writeConfig, current, root: ROOT, cli: CLI, from: FROM, to: TO, keep: KEEP, notBuilt });
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
  const parts = [
    `objects applied ${bundle.map((x) => `${x.objects} (${x.release})`).join(' + ') || '-'}`,
    `waves ${bundle.map((x) => x.waves).join('/') || '-'}`,
    ...bundle.map((x) => (x.from ? `upgrade to ${x.release} ${secs(x.ms)} (${(x.replaced || []).length} replaced)` : `bundle install ${x.release} ${secs(x.ms)}`)),
    ...bundle.filter((x) => x.pruneMs).map((x) => `prune ${x.release} ${secs(x.pruneMs)} (${x.leftBehind.length} deleted)`),
  ];
  // Each real controller with its version (and what did not run, with the reason).
  if (bundle.controllers) {
    const c = bundle.controllers;
    parts.push(`real controllers: ${c.ran.join(', ') || 'none'}${c.notRun.length ? `; not run: ${c.notRun.join('; ')}` : ''}`);
  }
  if (pulumi && pulumi.ran) {
    const t = (k) => (pulumi[k] === undefined ? 'FAILED' : secs(pulumi[k]));
    parts.push(`pulumi up ${t('up')}`, `no-op up ${t('noop')}`, `upgrade up ${t('upgrade')}`, `destroy ${t('destroy')}`);
    if (pulumi.controllers) parts.push(`pulumi real controllers: ${pulumi.controllers.ran.join(', ') || 'none'}${pulumi.controllers.notRun.length ? `; not run: ${pulumi.controllers.notRun.join('; ')}` : ''}`);
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
  const skipped = bundle.controllers ? bundle.controllers.skippedStories : 0;
  const expected = Object.entries(STEPS).filter(([k]) => !process.env.E2E_ONLY || process.env.E2E_ONLY === k).reduce((n, [, v]) => n + v, 0) - skipped;
  process.stdout.write(`e2e: ${passed.length} passed, ${failure ? Math.max(1, expected - passed.length) : 0} failed\n`);
  if (failure) process.exit(1);
}

main().catch((e) => { log(`FAILED: ${e.stack || e.message}`); stopAll().then(() => process.exit(1)); });
