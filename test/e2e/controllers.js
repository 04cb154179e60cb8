'use strict';
// Real controllers as processes against the test control plane (issue 18; README.md, "Real
// controllers"). Today: cert-manager's controller, webhook and cainjector.
//
// What runs, as a kubelet would run the Deployment of the bundle being installed:
// - the binary of the version the release's catalog pins (or the nearest patch of that minor we
//   have a wrapper module for: build/cert-manager/<version>/), built by build/build.sh;
// - the container's args and env, `$(VAR)` expanded, downward-API env filled (namespace, pod
//   name, service account, node name, pod IP 127.0.0.1), configMapKeyRef/secretKeyRef read from
//   the cluster;
// - ConfigMaps and Secrets it mounts, written as files under the process's temp dir at the mount
//   path, and any arg naming a mount path rewritten to that dir (harness adaptation);
// - the identity of its ServiceAccount: a TokenRequest token in its own kubeconfig, passed as
//   --kubeconfig (adaptation: there is no in-cluster config), so our RBAC is exactly what it gets;
// - ports: the flags that bind a container port are rewritten to free loopback ports
//   (adaptation), and the webhook Service's ClusterIP and port are routed to it (webhooks.js).
// Started once its Deployment and everything of the bundle file it comes from (RBAC, service
// account) exists; at an upgrade hop, restarted when the new release's Deployment is applied
// (new process first, then the route moves, then the old one stops, as a rolling update).
// Logs are scanned: a "forbidden" line fails the test.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { catalogFor } = require('../../lib/constructs/catalog');
const { freePort, sleep } = require('./cluster');

const WRAPPERS = path.join(__dirname, 'build/cert-manager');

/**
 * The controllers that run for real: the Deployment (namespace/name) of the bundle, the binary,
 * which catalog version picks it, and which flag binds each container port (by port name).
 */
const CONTROLLERS = [
  { deployment: 'cert-manager/cert-manager', binary: 'cert-manager-controller', version: 'certManager', ports: {} },
  {
    deployment: 'cert-manager/cert-manager-webhook', binary: 'cert-manager-webhook', version: 'certManager',
    ports: { https: (p) => `--secure-port=${p}`, healthcheck: (p) => `--healthz-port=${p}`, 'http-metrics': (p) => `--metrics-listen-address=127.0.0.1:${p}` },
  },
  { deployment: 'cert-manager/cert-manager-cainjector', binary: 'cert-manager-cainjector', version: 'certManager', ports: {} },
];

/** cert-manager versions we have wrapper modules for (build/cert-manager/v*). */
function wrapperVersions() {
  return fs.readdirSync(WRAPPERS).filter((d) => /^v\d+\.\d+\.\d+$/.test(d));
}

/**
 * The cert-manager version that runs for a release: the pinned one, else the nearest patch of
 * its minor we have a wrapper for (both served by the Go module proxy), else null and why.
 */
function certManagerVersion(release) {
  const pinned = catalogFor(release).versions.certManager;
  const have = wrapperVersions();
  if (have.includes(pinned)) return { pinned, version: pinned };
  const minor = pinned.split('.').slice(0, 2).join('.');
  const same = have.filter((v) => v.startsWith(`${minor}.`)).sort((a, b) => Math.abs(patch(a) - patch(pinned)) - Math.abs(patch(b) - patch(pinned)));
  if (same.length) return { pinned, version: same[0] };
  return { pinned, version: null, reason: `no build/cert-manager/${minor}.x wrapper module (not served by the Go module proxy at that minor)` };
}
const patch = (v) => Number(v.split('.')[2]);

/** The versions a run of these releases builds (build.sh reads E2E_CERT_MANAGER_VERSIONS). */
function neededVersions(releases) {
  return [...new Set(releases.map((r) => certManagerVersion(r).version).filter(Boolean))];
}

const expand = (s, env) => s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, k) => (k in env ? env[k] : m));
const flagName = (a) => (/^--?[^=]+/.exec(a) || [''])[0];

class Controllers {
  /** @param {{cluster: any, bins: Record<string,string>, log: (s: string) => void}} opts */
  constructor({ cluster, bins, log }) {
    this.cluster = cluster;
    this.kube = cluster.kube;
    this.bins = bins;
    this.log = log;
    this.dir = path.join(cluster.dir, 'controllers');
    fs.mkdirSync(this.dir, { recursive: true });
    this.want = new Map(); // deployment -> { spec, version, bin, release }
    this.running = new Map(); // deployment -> process record
    this.exited = []; // processes that died while they should have run
    this.ran = []; // "name version (release)" for the summary
    this.notRun = []; // "release: reason"
    this.seq = 0;
    this.timer = null;
    this.busy = false;
  }

  /**
   * The release being installed: what each controller must run from its bundle. Returns the
   * cert-manager version (or null when it does not run for this release; the fakes stay then).
   */
  async useRelease(release, objs) {
    const cm = certManagerVersion(release);
    const ok = cm.version && CONTROLLERS.every((c) => this.bins[`${c.binary}@${cm.version}`]);
    if (!ok) {
      const why = cm.reason || `cert-manager ${cm.version} is not built (see build/build.sh output)`;
      this.notRun.push(`${release}: cert-manager ${cm.pinned} not run: ${why}`);
      this.log(`real controllers: ${release}: cert-manager ${cm.pinned} NOT run (${why}); faked for this release`);
      for (const c of CONTROLLERS) this.want.delete(c.deployment);
      // An earlier release's processes stop: its fakes take over again.
      for (const p of this.running.values()) await this.stopOne(p);
      this.running.clear();
      this.cluster.fakes.realCertManager = false;
      return null;
    }
    for (const c of CONTROLLERS) {
      const [ns, name] = c.deployment.split('/');
      const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && o.metadata.name === name);
      if (!dep) throw new Error(`real controllers: the ${release} bundle has no Deployment ${c.deployment}`);
      // What must exist before it starts: its bundle file's service accounts and RBAC.
      const services = objs.filter((o) => o.kind === 'Service' && o.metadata.namespace === ns && selects(o.spec.selector, dep.spec.template.metadata.labels));
      const deps = [...services, ...objs.filter((o) => o.file === dep.file && o.wave === dep.wave && ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind))];
      this.want.set(c.deployment, { c, dep, deps, services, version: cm.version, bin: this.bins[`${c.binary}@${cm.version}`], release });
    }
    this.cluster.fakes.realCertManager = true;
    this.log(`real controllers: ${release}: cert-manager ${cm.version}${cm.version !== cm.pinned ? ` (pinned ${cm.pinned})` : ''}`);
    return cm.version;
  }

  /** Starts the kubelet-like loop. */
  start() {
    this.timer = setInterval(() => { this.reconcile().catch((e) => this.log(`real controllers: ${e.message}`)); }, 1000);
  }

  async reconcile() {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const [key, w] of this.want) {
        const cur = this.running.get(key);
        if (cur && cur.version === w.version && cur.release === w.release) continue;
        const [ns, name] = key.split('/');
        const live = await this.kube.get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`).catch(() => null);
        // The new release's Deployment is applied (same image as the bundle's) and its RBAC exists.
        const image = (d) => d.spec.template.spec.containers[0].image;
        if (!live || image(live) !== image(w.dep)) continue;
        if (!(await this.allExist(w.deps))) continue;
        if (cur && cur.version === w.version) { cur.release = w.release; continue; } // same binary and spec family: keep it
        await this.replace(key, w, cur);
      }
    } finally { this.busy = false; }
  }

  async allExist(objs) {
    for (const o of objs) {
      const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
      const plural = `${o.kind.toLowerCase()}s`;
      const ns = o.metadata.namespace && !o.kind.startsWith('Cluster') ? `/namespaces/${o.metadata.namespace}` : '';
      if ((await this.kube.raw('GET', `${base}${ns}/${plural}/${o.metadata.name}`)).status !== 200) return false;
    }
    return true;
  }

  /** Starts the new process, moves the webhook routes to it once it listens, stops the old one. */
  async replace(key, w, old) {
    const p = await this.spawn(key, w);
    this.running.set(key, p);
    for (const [target, r] of p.routes) {
      await waitListening(r.port, 120, () => p.exitedWith !== null);
      this.cluster.router.route(target, r.port);
    }
    if (old) await this.stopOne(old);
    this.ran.push(`${w.c.binary} ${w.version} (${w.release})`);
    this.log(`real controllers: started ${w.c.binary} ${w.version} for ${w.release}${old ? ` (replacing ${old.version})` : ''}${p.routes.size ? `; ${[...p.routes].map(([t, r]) => `${r.name} (${t})`).join(', ')} routed to it` : ''}`);
  }

  /** The process for a Deployment's first container, as a kubelet would start it (see the header). */
  async spawn(key, w) {
    const [ns] = key.split('/');
    const pod = w.dep.spec.template.spec;
    const container = pod.containers[0];
    const sa = pod.serviceAccountName || 'default';
    const id = `${w.c.binary}-${w.version}-${++this.seq}`;
    const dir = path.join(this.dir, id);
    fs.mkdirSync(dir, { recursive: true });
    // Downward API, as the kubelet fills it.
    const field = {
      'metadata.namespace': ns, 'metadata.name': `${w.dep.metadata.name}-e2e-${this.seq}`, 'metadata.uid': `e2e-${this.seq}`,
      'spec.serviceAccountName': sa, 'spec.nodeName': 'kwok-node-0', 'status.podIP': '127.0.0.1', 'status.hostIP': '127.0.0.1',
    };
    const env = {};
    for (const e of container.env || []) {
      if (e.value !== undefined) env[e.name] = expand(String(e.value), env);
      else if (e.valueFrom && e.valueFrom.fieldRef) env[e.name] = field[e.valueFrom.fieldRef.fieldPath] ?? '';
      else if (e.valueFrom && (e.valueFrom.configMapKeyRef || e.valueFrom.secretKeyRef)) env[e.name] = await this.keyRef(ns, e.valueFrom);
    }
    // ConfigMaps and Secrets it mounts, as files under dir/root<mountPath>.
    const mounts = [];
    for (const m of container.volumeMounts || []) {
      const v = (pod.volumes || []).find((x) => x.name === m.name);
      if (!v || !(v.configMap || v.secret)) continue;
      const local = path.join(dir, 'root', m.mountPath);
      await this.writeVolume(ns, v, local);
      mounts.push([m.mountPath, local]);
    }
    const remap = (a) => mounts.reduce((s, [from, to]) => s.split(from).join(to), a);
    let args = [...(container.command || []).slice(1), ...(container.args || [])].map((a) => remap(expand(a, env)));
    // Ports: each container port's flag bound to a free loopback port; the Services that target it routed there.
    const routes = new Map();
    for (const cp of container.ports || []) {
      const flag = w.c.ports[cp.name];
      if (!flag) continue;
      const port = await freePort();
      const f = flagName(flag(0));
      args = [...args.filter((a) => flagName(a) !== f), flag(port)];
      for (const s of w.services) {
        // kube-apiserver resolves a webhook's service to its ClusterIP: that is the CONNECT target.
        const live = await this.kube.get(`/api/v1/namespaces/${ns}/services/${s.metadata.name}`);
        for (const sp of s.spec.ports || []) {
          if (sp.targetPort === cp.name || sp.targetPort === cp.containerPort) routes.set(`${live.spec.clusterIP}:${sp.port}`, { port, name: `${s.metadata.name}.${ns}.svc:${sp.port}` });
        }
      }
    }
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, await this.serviceAccountKubeconfig(ns, sa), { mode: 0o600 });
    args.push(`--kubeconfig=${kubeconfig}`);
    const logFile = path.join(this.dir, `${id}.log`);
    const out = fs.openSync(logFile, 'a');
    fs.writeFileSync(path.join(dir, 'args.json'), JSON.stringify({ bin: w.bin, args, env }, null, 1));
    const child = spawn(w.bin, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: ['ignore', out, out] });
    const p = { key, child, version: w.version, release: w.release, name: w.c.binary, logFile, routes, exitedWith: null, stopping: false };
    child.exitedWith = null;
    child.on('exit', (code, sig) => {
      p.exitedWith = code ?? sig;
      child.exitedWith = p.exitedWith;
      if (!p.stopping) { this.exited.push(`${id} exited (${p.exitedWith}); log ${logFile}:\n${tail(logFile)}`); this.log(`real controllers: ${id} EXITED (${p.exitedWith})`); }
    });
    return p;
  }

  async keyRef(ns, from) {
    const ref = from.configMapKeyRef || from.secretKeyRef;
    const kind = from.configMapKeyRef ? 'configmaps' : 'secrets';
    const o = await this.kube.get(`/api/v1/namespaces/${ns}/${kind}/${ref.name}`).catch(() => null);
    const v = o && o.data && o.data[ref.key];
    if (v === undefined) return '';
    return kind === 'secrets' ? Buffer.from(v, 'base64').toString('utf8') : v;
  }

  async writeVolume(ns, v, dir) {
    const kind = v.configMap ? 'configmaps' : 'secrets';
    const name = v.configMap ? v.configMap.name : v.secret.secretName;
    const o = await this.kube.get(`/api/v1/namespaces/${ns}/${kind}/${name}`).catch(() => null);
    fs.mkdirSync(dir, { recursive: true });
    const items = (v.configMap || v.secret).items;
    for (const [k, val] of Object.entries((o && o.data) || {})) {
      const item = items ? items.find((i) => i.key === k) : { path: k };
      if (!item) continue;
      fs.mkdirSync(path.dirname(path.join(dir, item.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, item.path), kind === 'secrets' ? Buffer.from(val, 'base64') : val);
    }
  }

  /** A kubeconfig with a TokenRequest token of the service account: our RBAC is what it gets. */
  async serviceAccountKubeconfig(ns, sa) {
    let r;
    for (let i = 0; ; i++) {
      try {
        r = await this.kube.call('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 86400 } });
        break;
      } catch (e) { if (i > 30) throw e; await sleep(1000); }
    }
    return `apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: { server: "${this.cluster.server}", certificate-authority: "${path.join(this.cluster.dir, 'ca.crt')}" }
users:
- name: ${ns}-${sa}
  user: { token: "${r.status.token}" }
contexts:
- name: e2e
  context: { cluster: e2e, user: ${ns}-${sa}, namespace: ${ns} }
current-context: e2e
`;
  }

  /** Waits until every wanted controller runs its release's version (and its webhook listens). */
  async waitRunning(seconds) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const missing = [...this.want].filter(([k, w]) => { const p = this.running.get(k); return !p || p.version !== w.version || p.release !== w.release || p.exitedWith !== null; }).map(([k]) => k);
      if (!missing.length) return;
      if (this.exited.length) throw new Error(`real controllers died:\n${this.exited.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`real controllers not started after ${seconds}s: ${missing.join(', ')}`);
      await sleep(500);
    }
  }

  /** Problems so far: processes that died, and "forbidden" lines in any log. */
  problems() {
    const out = [...this.exited];
    for (const f of fs.readdirSync(this.dir).filter((x) => x.endsWith('.log'))) {
      const lines = fs.readFileSync(path.join(this.dir, f), 'utf8').split('\n').filter((l) => /forbidden/i.test(l));
      if (lines.length) out.push(`${f}: ${lines.length} forbidden errors, first: ${lines[0].slice(0, 600)}`);
    }
    return out;
  }

  check(label) {
    const p = this.problems();
    if (p.length) throw new Error(`${label}: real controllers: ${p.length} problems:\n  ${p.join('\n  ')}`);
  }

  async stopOne(p) {
    p.stopping = true;
    for (const [target, r] of p.routes) if (this.cluster.router.routes.get(target) === r.port) this.cluster.router.unroute(target);
    if (p.exitedWith !== null) return;
    p.child.kill('SIGTERM');
    const t = Date.now();
    while (p.exitedWith === null && Date.now() - t < 15000) await sleep(100);
    if (p.exitedWith === null) p.child.kill('SIGKILL');
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const p of this.running.values()) await this.stopOne(p);
    this.running.clear();
  }

  /** Every process, for an exit handler. */
  pids() { return [...this.running.values()].filter((p) => p.exitedWith === null).map((p) => p.child); }
}

function selects(selector, labels) {
  return !!selector && Object.entries(selector).every(([k, v]) => (labels || {})[k] === v);
}

function tail(f, n = 15) {
  try { return fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return ''; }
}

/** Resolves once something accepts connections on the loopback port. */
async function waitListening(port, seconds, gone) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const ok = await new Promise((r) => { const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return;
    if (gone() || Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${seconds}s`);
    await sleep(250);
  }
}

module.exports = { Controllers, CONTROLLERS, certManagerVersion, neededVersions };
