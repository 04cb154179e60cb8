'use strict';
// Step 4: on a fresh control plane, `pulumi up` of the `existing` stack at the old release, a
// no-op `pulumi up`, `pulumi up` at the new release, then `pulumi destroy`; local file backend.
// The project is a temp dir whose Pulumi.yaml and stack config are copies of the repo's (the
// stack config gets `release` and the test kubeconfig); lib/ and node_modules/ are symlinks.
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { Cluster } = require('./cluster');
const { Controllers, harnessDeployments } = require('./controllers');

const PLUGINS = path.join(__dirname, 'plugins');
const STATEFUL = ['PersistentVolumeClaim', 'StatefulSet', 'CustomResourceDefinition', 'Namespace', 'Secret'];

function pluginVersion(root, pkg) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** PULUMI_HOME with the plugins preinstalled (nothing is downloaded). */
function pulumiHome(work, root, bins) {
  const home = path.join(work, 'pulumi-home');
  const install = (kind, name, version, file) => {
    const dir = path.join(home, 'plugins', `${kind}-${name}-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(file, path.join(dir, `pulumi-${kind}-${name}`));
  };
  install('resource', 'kubernetes', pluginVersion(root, '@pulumi/kubernetes'), bins['pulumi-resource-kubernetes']);
  install('resource', 'random', pluginVersion(root, '@pulumi/random'), path.join(PLUGINS, 'pulumi-resource-random'));
  return home;
}

function project(work, root, kubeconfig) {
  const dir = path.join(work, 'project');
  fs.mkdirSync(dir, { recursive: true });
  const proj = YAML.parse(fs.readFileSync(path.join(root, 'Pulumi.yaml'), 'utf8'));
  delete proj.stackConfigDir;
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), YAML.stringify(proj));
  // E2E_PULUMI_LIB: another compiled lib/ for the program (e.g. to try a fix without a rebuild).
  const lib = process.env.E2E_PULUMI_LIB || path.join(root, 'lib');
  fs.symlinkSync(lib, path.join(dir, 'lib'));
  // profiles/: the tenant files the program reads from its working dir, as from the repo root.
  for (const f of ['node_modules', 'package.json', 'profiles']) fs.symlinkSync(path.join(root, f), path.join(dir, f));
  const stackFile = path.join(dir, 'Pulumi.existing.yaml');
  const setRelease = (release) => {
    const base = YAML.parse(fs.readFileSync(path.join(root, 'stacks/config/Pulumi.existing.yaml'), 'utf8'));
    const cur = fs.existsSync(stackFile) ? YAML.parse(fs.readFileSync(stackFile, 'utf8')) : {};
    const config = { ...base.config };
    config['kubeflow-iac:platform'] = { ...config['kubeflow-iac:platform'], release };
    config['kubeflow-iac:cluster'] = { kubeconfig, context: 'e2e' };
    fs.writeFileSync(stackFile, YAML.stringify({ ...cur, config }));
  };
  return { dir, setRelease };
}

/** Objects of a stack's state by URN type, with their ids. */
function stateResources(stateDir) {
  const f = path.join(stateDir, '.pulumi/stacks/kubeflow-iac/existing.json');
  if (!fs.existsSync(f)) return [];
  const s = JSON.parse(fs.readFileSync(f, 'utf8'));
  return (s.checkpoint.latest && s.checkpoint.latest.resources) || [];
}

/** The objects a run replaced, from its event log. */
function replacements(eventLog) {
  if (!fs.existsSync(eventLog)) return [];
  return fs.readFileSync(eventLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((e) => e.resourcePreEvent && e.resourcePreEvent.metadata.op === 'replace')
    .map((e) => ({ name: e.resourcePreEvent.metadata.urn.replace(/^.*::/, ''), keys: e.resourcePreEvent.metadata.keys || [] }));
}

const install = require('../../lib/constructs/install');
/** Pulumi's resource name of a plan entry. */
const pulumiName = (r) => install.pulumiName({ kind: r.kind, metadata: { namespace: r.namespace, name: r.name } });

async function pulumiPhase(ctx) {
  const { work, bins, log, run, verify, passed, bundleObjects, writeConfig, current, root, cli, from, to, keep, notBuilt } = ctx;
  const missing = ['pulumi', 'pulumi-resource-kubernetes'].filter((b) => !bins[b]);
  if (missing.length) return { ran: false, skipped: `blocked (${missing.join(', ')} not built)` };

  const cluster = new Cluster({ bins, name: 'pulumi', log, harnessReady: harnessDeployments() });
  current.push(cluster);
  log(`starting a fresh control plane for pulumi (${cluster.dir})`);
  await cluster.start();
  const home = pulumiHome(work, root, bins);
  const state = path.join(work, 'pulumi-state');
  fs.mkdirSync(state);
  const { dir, setRelease } = project(work, root, cluster.kubeconfig);
  const env = {
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: 'kubeflow-iac-e2e',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    PULUMI_SKIP_CONFIRMATIONS: 'true',
    KFI_E2E_NODE_MODULES_FROM: root,
    PATH: `${PLUGINS}:${path.dirname(bins.pulumi)}:${process.env.PATH}`,
    KUBECONFIG: cluster.kubeconfig,
    // The file backend rewrites the whole 12 MB checkpoint after every step, which was most of
    // each run's time; only the final state is written (docs/pulumi.md, "State size").
    PULUMI_SKIP_CHECKPOINTS: process.env.PULUMI_SKIP_CHECKPOINTS || 'true',
    // Enables `--event-log` (a debug flag): per-resource timestamps for every up and destroy.
    PULUMI_DEBUG_COMMANDS: 'true',
  };
  // Full output goes to pulumi-<n>.log in the work dir; the console gets the summary lines, and
  // on failure every error line and the tail.
  let n = 0;
  const pulumi = async (args) => {
    const logFile = path.join(work, `pulumi-${++n}-${args[0]}.log`);
    // The engine's event log (timestamped per resource step) is what shows where the time goes.
    const events = ['up', 'destroy'].includes(args[0]) ? ['--event-log', logFile.replace(/\.log$/, '-events.jsonl')] : [];
    try {
      const out = await run(bins.pulumi, [...args, ...events, '--non-interactive', '--color=never'], { env, cwd: dir, capture: true });
      fs.writeFileSync(logFile, out);
      for (const l of out.split('\n')) if (/^\s*([-+~]+\s*)?\d+ (created|updated|replaced|deleted|unchanged)|^(Resources|Duration|Outputs):/.test(l)) log(`  [pulumi ${args[0]}] ${l.trim()}`);
      return out;
    } catch (e) {
      const out = e.output || '';
      fs.writeFileSync(logFile, out);
      const errors = [...new Set(out.split('\n').filter((l) => /error|failed/i.test(l)).map((l) => l.trim()))].slice(0, 40);
      throw new Error(`pulumi ${args.join(' ')} failed (full output: ${logFile}):\n  ${errors.join('\n  ')}\n--- tail ---\n${out.split('\n').slice(-25).join('\n')}`);
    }
  };
  await pulumi(['login', `file://${state}`]);
  await pulumi(['stack', 'init', 'existing', '--secrets-provider=passphrase']);

  const times = {};
  const timed = async (key, args) => {
    const t = Date.now();
    const out = await pulumi(args);
    times[key] = Date.now() - t;
    log(`pulumi ${args[0]} (${key}) done in ${(times[key] / 1000).toFixed(0)}s`);
    return out;
  };
  // The object lists to check against are the bundles' (same platform, same config).
  const objs = (release) => {
    const out = path.join(work, `pulumi-bundle-${release}`);
    require('child_process').execFileSync('node', [cli, 'bundle', '--out', out, '--config', writeConfig(work, release)], { stdio: 'ignore' });
    return bundleObjects(out).objs;
  };
  const up = ['up', '--yes', '--skip-preview', '--diff=false', '--suppress-progress'];

  // Real cert-manager here too (controllers.js): it issues the Certificates the stack waits for
  // and injects their CA bundles, across the upgrade. The other real components run in the
  // bundle phase only (their stories leave objects behind that a destroy would have to wait for).
  const controllers = new Controllers({ cluster, bins, log, notBuilt });
  current.unshift(controllers);
  controllers.start();
  const fromObjs = objs(from);
  const realFrom = await controllers.useRelease(from, fromObjs, { only: ['cert-manager'] });

  setRelease(from);
  await timed('up', up);
  await verify(cluster, fromObjs, `after pulumi up ${from}`);
  passed.push(`pulumi up ${from}`);
  const before = stateResources(state);

  // A failed no-op is recorded and the run goes on (upgrade, destroy) to learn the rest; the
  // phase fails at the end.
  const failures = [];
  try {
    await timed('noop', [...up, '--expect-no-changes']);
    passed.push('no-op pulumi up');
  } catch (e) {
    failures.push(`no-op pulumi up: ${e.message.split('--- tail ---')[0]}`);
    log(`no-op pulumi up FAILED (going on with the upgrade):\n${e.message.split('--- tail ---')[0]}`);
  }

  setRelease(to);
  const toObjs = objs(to);
  const realTo = await controllers.useRelease(to, toObjs, { only: ['cert-manager'] });
  const planned = JSON.parse(require('child_process').execFileSync('node', [cli, 'plan', '--from', from, '--to', to, '--json', '--allow-data-loss'], { encoding: 'utf8' }))
    .replacements.map(pulumiName).sort();
  try {
    await timed('upgrade', up);
    await verify(cluster, toObjs, `after pulumi up ${to}`);
    passed.push(`pulumi up ${to}`);
    // Pulumi replaces exactly what `kubeflow-iac plan` lists for this upgrade.
    const replaced = replacements(path.join(work, `pulumi-${n}-up-events.jsonl`));
    const names = replaced.map((r) => r.name).sort();
    const diff = [...names.filter((x) => !planned.includes(x)).map((x) => `replaced, not in plan: ${x}`), ...planned.filter((x) => !names.includes(x)).map((x) => `in plan, not replaced: ${x}`)];
    if (diff.length) throw new Error(`the upgrade's replacements differ from plan's:\n  ${diff.join('\n  ')}`);
    log(`upgrade replaced exactly the ${names.length} objects plan lists${names.length ? `: ${replaced.map((r) => `${r.name} (${r.keys.join(', ')})`).join(', ')}` : ''}`);
    passed.push('upgrade replaces what plan lists');
  } catch (e) {
    failures.push(`upgrade: ${e.message.split('--- tail ---')[0]}`);
    log(`upgrade FAILED (going on with destroy):\n${e.message.split('--- tail ---')[0]}`);
  }
  // No stateful object replaced: same uid in the state before and after.
  const after = stateResources(state);
  const uid = (r) => r.outputs && r.outputs.metadata && r.outputs.metadata.uid;
  // A StatefulSet plan replaces (new selector) gets a new uid; its claims must not.
  const stateful = before.filter((b) => STATEFUL.some((k) => b.type.endsWith(`:${k}`)) && !planned.includes(b.urn.replace(/^.*::/, '')));
  const changedUid = stateful.map((b) => [b, after.find((a) => a.urn === b.urn)])
    .filter(([b, a]) => a && uid(a) && uid(b) && uid(a) !== uid(b))
    .map(([b]) => b.urn.replace(/^.*::/, ''));
  if (!changedUid.length) passed.push('stateful objects keep their uid');
  if (changedUid.length) failures.push(`stateful objects replaced (new uid) by the no-op or the upgrade:\n  ${changedUid.join('\n  ')}`);
  log(`${stateful.length - changedUid.length} of ${stateful.length} stateful objects kept their uid${changedUid.length ? `; replaced: ${changedUid.join(', ')}` : ''}`);

  // The real cert-manager's story on what Pulumi installed and upgraded. Its processes go on
  // through the destroy (its webhook answers the updates that remove the Certificates'
  // finalizers) and stop as destroy deletes their Deployments; what they log while destroy
  // removes their RBAC is not what this tests, so their logs are checked here, before it.
  if (realFrom.length && realTo.length) {
    try {
      await controllers.waitRunning(120);
      for (const { c, version } of realTo) {
        for (const story of c.stories) {
          const said = await story.run({ kube: cluster.kube, cluster, release: to, version, objs: toObjs, log, dir: work, timeout: 300, controllers });
          log(`pulumi: real ${c.name} ${version} (${to}): ${story.name}: ${said}`);
        }
      }
      controllers.check(`pulumi up ${to}`);
      passed.push('pulumi: real cert-manager issued every Certificate');
    } catch (e) {
      failures.push(`real cert-manager after pulumi up ${to}: ${e.message}`);
      log(`real cert-manager after pulumi up ${to} FAILED (going on with destroy): ${e.message}`);
    }
  }

  await timed('destroy', ['destroy', '--yes', '--skip-preview', '--suppress-progress']);
  // CRDs and data volumes stay after destroy.
  const crds = fromObjs.filter((o) => o.kind === 'CustomResourceDefinition');
  const goneCrds = [];
  for (const c of crds) if ((await cluster.kube.raw('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`)).status !== 200) goneCrds.push(c.metadata.name);
  const pvcs = fromObjs.filter((o) => o.kind === 'PersistentVolumeClaim');
  const gonePvcs = [];
  for (const p of pvcs) if ((await cluster.kube.raw('GET', `/api/v1/namespaces/${p.metadata.namespace}/persistentvolumeclaims/${p.metadata.name}`)).status !== 200) gonePvcs.push(`${p.metadata.namespace}/${p.metadata.name}`);
  const pvs = (await cluster.kube.get('/api/v1/persistentvolumes')).items.length;
  if (goneCrds.length || gonePvcs.length) throw new Error(`after destroy: ${goneCrds.length} CRDs gone (${goneCrds.slice(0, 10).join(', ')}), ${gonePvcs.length} PVCs gone (${gonePvcs.join(', ')})`);
  log(`after destroy: ${crds.length} CRDs and ${pvcs.length} PVCs still there, ${pvs} PersistentVolumes`);
  passed.push('pulumi destroy keeps CRDs and PVCs');
  await controllers.stop();
  current.splice(current.indexOf(controllers), 1);
  await cluster.stop(keep);
  current.splice(current.indexOf(cluster), 1);
  if (failures.length) throw Object.assign(new Error(failures.join('\n')), { times: { ...times, controllers } });
  return { ran: true, ...times, controllers };
}

module.exports = { pulumiPhase };
