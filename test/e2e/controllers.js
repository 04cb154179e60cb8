'use strict';
// Real controllers as processes against the test control plane (issue 18; README.md, "Real
// controllers"). One module per component in real/<name>.js says which Deployments run, which
// binary each is, and the component's user stories; this file is the kubelet for all of them.
//
// What runs, as a kubelet would run the Deployment of the bundle being installed:
// - the binary of the version the release's catalog pins (or the nearest patch of that minor we
//   have a wrapper module for: build/<name>/<version>/), built by build/build.sh;
// - the container's args and env, `$(VAR)` expanded, downward-API env filled (namespace, pod
//   name, service account, node name, pod IP 127.0.0.1), configMapKeyRef/secretKeyRef read from
//   the cluster;
// - ConfigMaps and Secrets it mounts, written as files under the process's temp dir at the mount
//   path, and any arg naming a mount path rewritten to that dir (harness adaptation);
// - the identity of its ServiceAccount: a TokenRequest token in its own kubeconfig, passed as
//   --kubeconfig (adaptation: there is no in-cluster config), so our RBAC is exactly what it gets;
// - ports: the flags that bind a container port are rewritten to free loopback ports
//   (adaptation), and the webhook Service's ClusterIP and port are routed to it (webhooks.js).
// Deployments a controller creates at run time (not in the bundle; a process with `created: true`,
// e.g. Katib's Suggestion Deployment): the live Deployment is the pod template, the live Services
// selecting its pods are routed to it by ClusterIP and by name (`<svc>.<ns>[.svc]:<port>`, the
// router's TCP egress proxy, for a controller that dials them: see real/katib.js), it starts once
// one such Service exists, and a new Deployment (new uid) is a new pod.
// Started once its Deployment and everything of the bundle file it comes from (RBAC, service
// account) exists; at an upgrade hop, restarted when the new release's Deployment is applied
// (new process first, then the route moves once its readiness probe passes, then the old one
// stops, as a rolling update).
// Logs are scanned: a "forbidden" line fails the test.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { catalogFor } = require('../../lib/constructs/catalog');
const { freePort, sleep, kubeconfig } = require('./cluster');
const { grpcProbeOk } = require('./grpc-probe');

const BUILD = path.join(__dirname, 'build');
const REAL = path.join(__dirname, 'real');

/**
 * The real components (real/*.js), by name. Each: { name, pin(versions), goVersion?(pin),
 * notServed?: { minor: reason }, processes: [{ deployment, container?, binary, ports, adapt?, created? }],
 * injectsOwnCa?: ['ns/service'], stories: [{ name, run(ctx) }] } (README.md, "Real controllers").
 */
function components() {
  return fs.readdirSync(REAL).filter((f) => f.endsWith('.js')).sort().map((f) => require(path.join(REAL, f)));
}

/** Versions we have wrapper modules for (build/<name>/v*). */
function wrapperVersions(name) {
  const dir = path.join(BUILD, name);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^v\d+\.\d+\.\d+$/.test(d)) : [];
}

/**
 * The version of a component that runs for a release: the Go module version of the catalog's pin,
 * else the nearest patch of its minor we have a wrapper for (both served by the Go module proxy),
 * else null and why.
 */
function versionFor(comp, release) {
  const pinned = comp.pin(catalogFor(release).versions);
  const want = comp.goVersion ? comp.goVersion(pinned) : (pinned.startsWith('v') ? pinned : `v${pinned}`);
  const have = wrapperVersions(comp.name);
  if (have.includes(want)) return { pinned, version: want };
  const minor = want.split('.').slice(0, 2).join('.');
  const same = have.filter((v) => v.startsWith(`${minor}.`)).sort((a, b) => Math.abs(patch(a) - patch(want)) - Math.abs(patch(b) - patch(want)));
  if (same.length) return { pinned, version: same[0] };
  const reason = (comp.notServed || {})[minor] || `no build/${comp.name}/${minor}.x wrapper module (not served by the Go module proxy at that minor)`;
  return { pinned, version: null, reason };
}
const patch = (v) => Number(v.split('.')[2]);

/**
 * What a run of these releases builds (`<name>@<version>`), in the order to build them:
 * cert-manager for the last two releases (the Pulumi phase's upgrade runs it, and every other
 * webhook's certificate is its), then every component of the last release (the default), then
 * back to the first. A run under a build budget (run.js) builds from the front of this list.
 */
function neededBuilds(releases) {
  const out = new Set();
  const add = (c, r) => { const v = versionFor(c, r).version; if (v) out.add(`${c.name}@${v}`); };
  const newestFirst = [...releases].reverse();
  const comps = components();
  for (const r of newestFirst.slice(0, 2)) for (const c of comps.filter((x) => x.name === 'cert-manager')) add(c, r);
  for (const r of newestFirst) for (const c of comps) add(c, r);
  return [...out];
}

/** The key of a real binary in build.sh --print's list. */
const binKey = (comp, proc, version) => `${comp.name}/${proc.binary}@${version}`;

/** The components that run for a release with these binaries, with their versions. */
function runnable(release, bins) {
  return components().map((c) => ({ c, ...versionFor(c, release) })).filter((x) => x.version && x.c.processes.every((p) => bins[binKey(x.c, p, x.version)]));
}

const expand = (s, env) => s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, k) => (k in env ? env[k] : m));
const flagName = (a) => (/^--?[^=]+/.exec(a) || [''])[0];

class Controllers {
  /**
   * @param {{cluster: any, bins: Record<string,string>, log: (s: string) => void, notBuilt?: Map<string,string>}} opts
   * notBuilt: why a `<name>@<version>` was not built (run.js's build budget), for the summary.
   */
  constructor({ cluster, bins, log, notBuilt }) {
    this.cluster = cluster;
    this.kube = cluster.kube;
    this.bins = bins;
    this.notBuilt = notBuilt || new Map();
    this.log = log;
    this.dir = path.join(cluster.dir, 'controllers');
    fs.mkdirSync(this.dir, { recursive: true });
    this.want = new Map(); // deployment -> { spec, version, bin, release }
    this.running = new Map(); // deployment -> process record
    this.exited = []; // processes that died while they should have run
    this.ran = []; // "name version (release)" for the summary
    this.notRun = []; // "release: reason"
    this.skippedStories = 0; // stories of components a bundle does not have (disabled), not counted as checks
    this.seq = 0;
    this.timer = null;
    this.busy = false;
  }

  /**
   * The release being installed: what each real component must run from its bundle. Returns the
   * components that run for it ([{ c, version, pinned }]); the others keep their fakes.
   * `objs` are the bundle's objects of that release (the Pulumi program's are the same).
   */
  async useRelease(release, objs, { only } = {}) {
    const running = [];
    // only: the components to run (the Pulumi phase runs cert-manager alone).
    for (const c of components().filter((x) => !only || only.includes(x.name))) {
      const v = versionFor(c, release);
      const deps = c.processes.map((p) => ({ p, dep: findDeployment(objs, p.deployment) }));
      let why = v.reason;
      if (!why && deps.every((d) => !d.dep)) { why = `not in the ${release} bundle`; this.skippedStories += (c.stories || []).length; }
      else if (!why && c.processes.some((p) => !this.bins[binKey(c, p, v.version)])) why = this.notBuilt.get(`${c.name}@${v.version}`) || `${c.name} ${v.version} is not built (see build/build.sh output)`;
      if (why) {
        this.notRun.push(`${release}: ${c.name} ${v.pinned} not run: ${why}`);
        this.log(`real controllers: ${release}: ${c.name} ${v.pinned} NOT run (${why}); faked for this release`);
        // An earlier release's processes stop: the fakes take over again.
        for (const p of c.processes) {
          this.want.delete(p.deployment);
          const cur = this.running.get(p.deployment);
          if (cur) { await this.stopOne(cur); this.running.delete(p.deployment); }
        }
        continue;
      }
      for (const { p, dep } of deps) {
        if (p.created) { this.want.set(p.deployment, { c, p, dep: null, deps: [], services: [], version: v.version, bin: this.bins[binKey(c, p, v.version)], release, since: Date.now() }); continue; }
        if (!dep) throw new Error(`real controllers: the ${release} bundle has no Deployment ${p.deployment}`);
        const [ns] = p.deployment.split('/');
        const pod = dep.spec.template.spec;
        const container = pickContainer(pod, p);
        // What must exist before it starts: its bundle file's service accounts and RBAC, and the
        // ConfigMaps and Secrets it mounts (a kubelet waits for those too).
        const services = objs.filter((o) => o.kind === 'Service' && o.metadata.namespace === ns && selects(o.spec.selector, dep.spec.template.metadata.labels));
        const mounted = (container.volumeMounts || []).map((m) => (pod.volumes || []).find((x) => x.name === m.name)).filter((x) => x && ((x.secret && !x.secret.optional) || (x.configMap && !x.configMap.optional)))
          .map((x) => (x.secret ? { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: ns, name: x.secret.secretName } } : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name: x.configMap.name } }));
        const needs = [...services, ...mounted, ...objs.filter((o) => o.file === dep.file && o.wave === dep.wave && ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind))];
        this.want.set(p.deployment, { c, p, dep, container, deps: needs, services, version: v.version, bin: this.bins[binKey(c, p, v.version)], release, since: Date.now() });
      }
      running.push({ c, version: v.version, pinned: v.pinned });
      this.log(`real controllers: ${release}: ${c.name} ${v.version}${v.version !== v.pinned && v.version !== `v${v.pinned}` ? ` (pinned ${v.pinned})` : ''}`);
    }
    const names = new Set(running.map((x) => x.c.name));
    this.cluster.fakes.realCertManager = names.has('cert-manager');
    this.cluster.fakes.ownCa = new Set(running.flatMap((x) => x.c.injectsOwnCa || []));
    return running;
  }

  /** Starts the kubelet-like loop. */
  start() {
    this.timer = setInterval(() => { this.reconcile().catch((e) => this.log(`real controllers: ${e.message}`)); }, 1000);
    // The running pods' volumes and readiness, in a loop of their own: reconcile() may wait
    // minutes for a process to listen, which may need its Secret synced (Trainer's does).
    this.podTimer = setInterval(() => {
      if (this.podBusy) return;
      this.podBusy = true;
      this.syncVolumes().then(() => this.syncReadiness()).catch((e) => this.log(`real controllers: ${e.message}`)).finally(() => { this.podBusy = false; });
    }, 1000);
  }

  async reconcile() {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const [key, wanted] of this.want) {
        const cur = this.running.get(key);
        const [ns, name] = key.split('/');
        const live = await this.kube.get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`).catch(() => null);
        // Its Deployment deleted (an uninstall, or a replacement): the pod goes, as on a node.
        // A created one replaced by a new Deployment of the same name (new uid): its pod goes too.
        const gone = !live || live.metadata.deletionTimestamp || (cur && cur.uid && cur.uid !== live.metadata.uid);
        if (gone) {
          if (cur) { await this.stopOne(cur); this.running.delete(key); this.log(`real controllers: ${key} deleted: stopped ${cur.name} ${cur.version}`); }
          if (!live || live.metadata.deletionTimestamp) continue;
        }
        const w = wanted.p.created ? await this.fromLive(wanted, live) : wanted;
        if (!w) continue;
        if (cur && !gone && cur.version === w.version && cur.release === w.release) continue;
        // The new release's Deployment is applied (same image as the bundle's) and its RBAC exists.
        const image = (d) => pickContainer(d.spec.template.spec, w.p).image;
        if (image(live) !== image(w.dep)) continue;
        if (!(await this.allExist(w.deps))) continue;
        // Same binary and the same pod template as far as this container goes: a kubelet would keep the pod.
        if (cur && !gone && cur.version === w.version && cur.spec === podKey(w)) { cur.release = w.release; continue; }
        await this.replace(key, w, gone ? null : cur);
      }
    } finally { this.busy = false; }
  }

  /** A created Deployment's process: its live pod template and the live Services selecting it (none yet: wait). */
  async fromLive(w, live) {
    const ns = live.metadata.namespace;
    const labels = live.spec.template.metadata.labels;
    const services = ((await this.kube.get(`/api/v1/namespaces/${ns}/services`).catch(() => null)) || { items: [] }).items.filter((s) => selects(s.spec.selector, labels));
    if (!services.length) return null;
    return { ...w, dep: live, container: pickContainer(live.spec.template.spec, w.p), services };
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
    for (const [, r] of p.routes) await waitListening(r.port, 120, () => p.exitedWith !== null);
    // As a Service's endpoints would: traffic moves to the new pod once it is Ready, not once it
    // listens (cert-manager's webhook listens before it has loaded its certificate, and answers
    // `tls: internal error` until then).
    if (p.probe) await waitProbe(p, 120, (m) => this.log(`real controllers: ${label(w)} ${w.version}: ${m}`));
    for (const [target, r] of p.routes) this.cluster.router.route(target, r.port);
    if (old) await this.stopOne(old);
    this.ran.push(`${label(w)} ${w.version} (${w.release})`);
    this.log(`real controllers: started ${label(w)} ${w.version} for ${w.release}${old ? ` (replacing ${old.version})` : ''}${p.routes.size ? `; ${[...p.routes].filter(([, r]) => !r.byName).map(([t, r]) => `${r.name} (${t})`).join(', ')} routed to it` : ''}`);
  }

  /** The process for a Deployment's container, as a kubelet would start it (see the header). */
  async spawn(key, w) {
    const [ns] = key.split('/');
    const pod = w.dep.spec.template.spec;
    const container = w.container;
    const sa = pod.serviceAccountName || 'default';
    const id = `${w.c.name}-${w.p.binary}-${w.version}-${++this.seq}`;
    const dir = path.join(this.dir, id);
    fs.mkdirSync(dir, { recursive: true });
    // Downward API, as the kubelet fills it.
    const field = {
      'metadata.namespace': ns, 'metadata.name': `${w.dep.metadata.name}-e2e-${this.seq}`, 'metadata.uid': `e2e-${this.seq}`,
      'spec.serviceAccountName': sa, 'spec.nodeName': 'kwok-node-0', 'status.podIP': '127.0.0.1', 'status.hostIP': '127.0.0.1',
    };
    // The kubelet gives every container the API server's Service address (kubernetes.default);
    // the Spark controller builds spark-submit's master URL from it. The container's own env wins.
    const api = await this.kube.get('/api/v1/namespaces/default/services/kubernetes').catch(() => null);
    const env = api ? { KUBERNETES_SERVICE_HOST: api.spec.clusterIP, KUBERNETES_SERVICE_PORT: String(api.spec.ports[0].port) } : {};
    for (const e of container.env || []) {
      if (e.value !== undefined) env[e.name] = expand(String(e.value), env);
      else if (e.valueFrom && e.valueFrom.fieldRef) env[e.name] = field[e.valueFrom.fieldRef.fieldPath] ?? '';
      else if (e.valueFrom && (e.valueFrom.configMapKeyRef || e.valueFrom.secretKeyRef)) env[e.name] = await this.keyRef(ns, e.valueFrom);
    }
    // ConfigMaps and Secrets it mounts, as files under dir/root<mountPath>; a subPath mount is
    // that one file of the volume (a copy, never updated, as the kubelet's), the others are kept
    // in sync while it runs (syncVolumes), as the kubelet does.
    const mounts = [];
    const volumes = [];
    for (const m of container.volumeMounts || []) {
      const v = (pod.volumes || []).find((x) => x.name === m.name);
      if (!v || !(v.configMap || v.secret)) continue;
      const local = path.join(dir, 'root', m.mountPath);
      if (m.subPath) {
        const vol = path.join(dir, 'volumes', m.name);
        await this.writeVolume(ns, v, vol);
        fs.mkdirSync(path.dirname(local), { recursive: true });
        if (fs.existsSync(path.join(vol, m.subPath))) fs.copyFileSync(path.join(vol, m.subPath), local);
      } else {
        await this.writeVolume(ns, v, local);
        volumes.push([ns, v, local]);
      }
      mounts.push([m.mountPath, local]);
    }
    const remap = (a) => mounts.reduce((s, [from, to]) => s.split(from).join(to), a);
    let args = [...(container.command || []).slice(1), ...(container.args || [])].map((a) => remap(expand(a, env)));
    // Ports: each container port's flag bound to a free loopback port; the Services that target it routed there.
    const routes = new Map();
    // A port a Service targets by number need not be declared in the pod (Trainer v2.1's is not):
    // a numeric key of `ports` stands for it.
    const declared = container.ports || [];
    const undeclared = Object.keys(w.p.ports || {}).filter((k) => /^\d+$/.test(k) && !declared.some((cp) => cp.containerPort === Number(k)));
    const bound = {}; // container port name and number -> the loopback port it is bound to
    for (const cp of [...declared, ...undeclared.map((k) => ({ name: k, containerPort: Number(k) }))]) {
      const flag = (w.p.ports || {})[cp.name];
      if (!flag) continue;
      const port = await freePort();
      bound[cp.name] = port;
      bound[cp.containerPort] = port;
      const bind = flag(port);
      // A port the binary takes from env ({ env: { NAME: port } }, e.g. Knative's WEBHOOK_PORT): set it there.
      if (typeof bind === 'object') Object.assign(env, bind.env);
      else { const f = flagName(flag(0)); args = [...args.filter((a) => flagName(a) !== f), bind]; }
      for (const s of w.services) {
        // kube-apiserver resolves a webhook's service to its ClusterIP: that is the CONNECT target.
        const live = await this.kube.get(`/api/v1/namespaces/${ns}/services/${s.metadata.name}`);
        for (const sp of s.spec.ports || []) {
          if (sp.targetPort !== cp.name && sp.targetPort !== cp.containerPort) continue;
          const r = { port, name: `${s.metadata.name}.${ns}.svc:${sp.port}` };
          routes.set(`${live.spec.clusterIP}:${sp.port}`, r);
          // By name too, for a real process that dials the Service through the egress proxy.
          for (const host of [`${s.metadata.name}.${ns}`, `${s.metadata.name}.${ns}.svc`, `${s.metadata.name}.${ns}.svc.cluster.local`]) routes.set(`${host}:${sp.port}`, { ...r, byName: true });
        }
      }
    }
    // Adaptations a component needs beyond these (real/<name>.js says why).
    // egressProxy: the router's TCP CONNECT proxy (its port), for a process's HTTPS_PROXY.
    if (w.p.adapt) args = await w.p.adapt(args, { dir, mounts, env, version: w.version, egressProxy: () => this.cluster.router.listenEgress() });
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, await this.serviceAccountKubeconfig(ns, sa), { mode: 0o600 });
    args.push(`--kubeconfig=${kubeconfig}`);
    const logFile = path.join(this.dir, `${id}.log`);
    const out = fs.openSync(logFile, 'a');
    fs.writeFileSync(path.join(dir, 'args.json'), JSON.stringify({ bin: w.bin, args, env }, null, 1));
    const child = spawn(w.bin, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env }, stdio: ['ignore', out, out] });
    const p = { key, child, uid: w.p.created ? w.dep.metadata.uid : null, version: w.version, release: w.release, spec: podKey(w), name: label(w), logFile, routes, volumes, probe: readinessProbe(container, bound), exitedWith: null, stopping: false };
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
      const file = path.join(dir, item.path);
      const data = kind === 'secrets' ? Buffer.from(val, 'base64') : Buffer.from(val);
      // Unchanged files are left alone: a process watching them sees only real updates.
      if (fs.existsSync(file) && fs.readFileSync(file).equals(data)) continue;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
  }

  /**
   * The kubelet's readiness probe. kwok leaves the pods of every real controller's Deployment
   * running but unready (kwok-stages.js); this sets Ready as a kubelet would: while the process
   * runs and its readinessProbe (httpGet on a port rebound here) passes, or while it runs when it
   * has no probe. So Endpoints, rollouts, install.sh's waits and `pulumi up` see what a cluster
   * would (the cert-manager and Trainer webhooks serve only once their certificates are loaded).
   * A Deployment whose controller does not run for this release is faked: Ready, as kwok would.
   */
  async syncReadiness() {
    const byNs = new Map();
    for (const key of harnessDeployments()) {
      const [ns, name] = key.split('/');
      if (!byNs.has(ns)) byNs.set(ns, []);
      byNs.get(ns).push({ key, name });
    }
    for (const [ns, deps] of byNs) {
      const pods = await this.kube.get(`/api/v1/namespaces/${ns}/pods`).catch(() => ({ items: [] }));
      for (const { key, name } of deps) {
        const mine = pods.items.filter((pod) => podOf(pod, name));
        if (!mine.length) continue;
        const probed = await this.probed(key);
        for (const pod of mine) {
          const want = this.ready(key, pod, probed) ? 'True' : 'False';
          const ready = (pod.status.conditions || []).find((c) => c.type === 'Ready');
          // Until kwok has played its stage (IP, running) the pod is not ours to mark.
          if (!ready || !pod.status.podIP || pod.metadata.deletionTimestamp || ready.status === want) continue;
          const now = new Date().toISOString();
          await this.kube.call('PATCH', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`,
            { status: { conditions: ['Ready', 'ContainersReady'].map((type) => ({ type, status: want, lastTransitionTime: now })) } },
            'application/strategic-merge-patch+json').catch((e) => this.log(`real controllers: readiness of pod ${ns}/${pod.metadata.name}: ${e.message}`));
        }
      }
    }
  }

  /** Whether the running process of a Deployment passes its probe (or runs, with none). */
  async probed(key) {
    const p = this.running.get(key);
    if (!p || p.exitedWith !== null) return false;
    return !p.probe || probeOnce(p.probe);
  }

  /**
   * Whether a pod of a real controller's Deployment is Ready now. A pod made since the release
   * that wants a new process (the rollout's new pod) is that process's: not Ready until it runs,
   * even while the old one still does (and is still Ready in the old pod).
   */
  ready(key, pod, probed) {
    const w = this.want.get(key);
    if (!w) return true;
    const p = this.running.get(key);
    const current = p && p.version === w.version && p.release === w.release;
    if (!current && Date.parse(pod.metadata.creationTimestamp) >= w.since - 1000) return false;
    return probed;
  }

  /** The kubelet's volume sync: a running process's mounted ConfigMaps and Secrets follow the cluster. */
  async syncVolumes() {
    for (const p of this.running.values()) {
      if (p.exitedWith !== null) continue;
      for (const [ns, v, local] of p.volumes || []) await this.writeVolume(ns, v, local);
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
    return kubeconfig({ server: this.cluster.server, ca: path.join(this.cluster.dir, 'ca.crt'), user: `${ns}-${sa}`, credentials: { token: r.status.token }, namespace: ns });
  }

  /** Waits until every wanted controller runs its release's version (and its webhook listens). */
  async waitRunning(seconds) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      // A created Deployment's process runs only once a controller creates it (a story's doing).
      const missing = [...this.want].filter(([, w]) => !w.p.created).filter(([k, w]) => { const p = this.running.get(k); return !p || p.version !== w.version || p.release !== w.release || p.exitedWith !== null; }).map(([k]) => k);
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
    if (this.podTimer) clearInterval(this.podTimer);
    this.timer = null;
    this.podTimer = null;
    for (const p of this.running.values()) await this.stopOne(p);
    this.running.clear();
  }

  /** Every process, for an exit handler. */
  pids() { return [...this.running.values()].filter((p) => p.exitedWith === null).map((p) => p.child); }
}

/** Every Deployment a real controller stands for (`namespace/name`): kwok leaves their pods' readiness to us. */
function harnessDeployments() {
  return [...new Set(components().flatMap((c) => c.processes.map((p) => p.deployment)))].sort();
}

/** Whether a pod is one of a Deployment's: generateName `<deployment>-<pod-template-hash>-`, as kwok-stages.js tests. */
const podOf = (pod, deployment) => (pod.metadata.generateName || '').startsWith(`${deployment}-`) && /^[a-z0-9]+-$/.test(pod.metadata.generateName.slice(deployment.length + 1));

function findDeployment(objs, key) {
  const [ns, name] = key.split('/');
  return objs.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && o.metadata.name === name);
}

/** The container a process stands for: by name, or the pod's first. */
function pickContainer(pod, p) {
  const c = p.container ? pod.containers.find((x) => x.name === p.container) : pod.containers[0];
  if (!c) throw new Error(`real controllers: ${p.deployment} has no container ${p.container}`);
  return c;
}

/** What of the pod template a process depends on: its container and the pod's volumes and service account. */
const podKey = (w) => JSON.stringify([w.container, w.dep.spec.template.spec.volumes || [], w.dep.spec.template.spec.serviceAccountName]);

/** How a process is named in the log and summary: its binary, prefixed by the component unless it already is. */
const label = (w) => (w.p.binary.startsWith(w.c.name) ? w.p.binary : `${w.c.name}-${w.p.binary}`);

/** The container's readinessProbe, if it is an httpGet ({ scheme, port, path }) or a grpc ({ grpc, port, service }) on a port bound here. */
function readinessProbe(container, bound) {
  const rpc = container.readinessProbe && container.readinessProbe.grpc;
  if (rpc && bound[rpc.port] !== undefined) return { grpc: true, port: bound[rpc.port], service: rpc.service || '' };
  const g = container.readinessProbe && container.readinessProbe.httpGet;
  if (!g || bound[g.port] === undefined) return null;
  return { scheme: (g.scheme || 'HTTP').toLowerCase(), port: bound[g.port], path: g.path || '/' };
}

/** One probe of either kind the kubelet makes here: gRPC health or HTTP(S) get. */
const probeOnce = (probe) => (probe.grpc ? grpcProbeOk(probe) : probeOk(probe));

/** One HTTP probe, as the kubelet's: any 2xx or 3xx within 3 s passes; the certificate is not checked. */
function probeOk({ scheme, port, path: p }) {
  const mod = scheme === 'https' ? require('https') : require('http');
  return new Promise((resolve) => {
    // The kubelet's User-Agent: Knative's webhook answers a probe only when it says kube-probe/ (415 otherwise).
    const headers = { 'User-Agent': 'kube-probe/1.34', Accept: '*/*' };
    const req = mod.get({ host: '127.0.0.1', port, path: p, headers, rejectUnauthorized: false, timeout: 3000 }, (res) => { res.resume(); resolve(res.statusCode >= 200 && res.statusCode < 400); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

function selects(selector, labels) {
  return !!selector && Object.entries(selector).every(([k, v]) => (labels || {})[k] === v);
}

function tail(f, n = 15) {
  try { return fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return ''; }
}

/** Resolves once the process's readiness probe passes (or after `seconds`, saying so: the route moves anyway). */
async function waitProbe(p, seconds, log) {
  const deadline = Date.now() + seconds * 1000;
  while (p.exitedWith === null && !(await probeOnce(p.probe))) {
    if (Date.now() > deadline) { log(`readiness probe not passing after ${seconds}s; routing to it anyway`); return; }
    await sleep(250);
  }
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

module.exports = { Controllers, components, versionFor, neededBuilds, runnable, harnessDeployments };
