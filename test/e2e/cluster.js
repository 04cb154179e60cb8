'use strict';
// A throwaway Kubernetes control plane on loopback: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok (fake kubelets), plus the test-only fakes of fakes.js. Everything listens
// on 127.0.0.1 and lives in one temp dir, removed by stop().
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { Kube } = require('./kube');
const { Fakes } = require('./fakes');
const { WebhookRouter } = require('./webhooks');
const { kwokConfig } = require('./kwok-stages');

const NODES = 3;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** CA, apiserver serving cert, admin client cert, service-account key pair, webhook serving cert. */
function makePki(dir) {
  const ext = (name, text) => { fs.writeFileSync(path.join(dir, name), text); return name; };
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kubeflow-iac-e2e-ca'], dir);
  const sign = (name, subj, extText) => {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', ext(`${name}.ext`, extText)], dir);
  };
  sign('apiserver', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  sign('admin', '/O=system:masters/CN=kubeflow-iac-e2e-admin', 'extendedKeyUsage=clientAuth\n');
  sign('webhook', '/CN=kubeflow-iac-e2e-webhook', 'subjectAltName=DNS:*.default.svc\nextendedKeyUsage=serverAuth\n');
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/**
 * A kubeconfig for the test control plane: one cluster (its CA), one user, one context. The
 * admin's has the client certificate; a real controller's (controllers.js) its service account's
 * token, so the API server sees that identity.
 */
function kubeconfig({ server, ca, user, credentials, namespace }) {
  const fields = Object.entries(credentials).map(([k, v]) => `${k}: "${v}"`).join(', ');
  return `apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: { server: "${server}", certificate-authority: "${ca}" }
users:
- name: ${user}
  user: { ${fields} }
contexts:
- name: e2e
  context: { cluster: e2e, user: ${user}${namespace ? `, namespace: ${namespace}` : ''} }
current-context: e2e
`;
}

function nodeYaml(i) {
  const name = `kwok-node-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/agent': '', type: 'kwok' },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      allocatable: { cpu: '64', memory: '512Gi', 'ephemeral-storage': '1Ti', pods: '250' },
      capacity: { cpu: '64', memory: '512Gi', 'ephemeral-storage': '1Ti', pods: '250' },
      nodeInfo: { architecture: 'amd64', kubeletVersion: 'fake', kubeProxyVersion: 'fake', operatingSystem: 'linux', containerRuntimeVersion: 'fake', kernelVersion: 'fake', osImage: 'fake' },
      phase: 'Running',
    },
  };
}

class Cluster {
  /** @param {{bins: Record<string,string>, name: string, log: (s: string) => void}} opts */
  constructor(opts) {
    this.bins = opts.bins;
    this.name = opts.name;
    this.log = opts.log;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `kubeflow-iac-e2e-${opts.name}-`));
    this.procs = [];
    this.fakes = null;
    this.router = null;
    // The Deployments whose pods' readiness the harness sets (kwok-stages.js): the real controllers'.
    this.harnessReady = opts.harnessReady || [];
  }

  spawn(name, bin, args) {
    const out = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const p = spawn(bin, args, { stdio: ['ignore', out, out], detached: false });
    p.name = name;
    p.exitedWith = null;
    p.on('exit', (code, sig) => { p.exitedWith = code ?? sig; });
    this.procs.push(p);
    return p;
  }

  async start() {
    const d = this.dir;
    const f = (x) => path.join(d, x);
    makePki(d);
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    this.server = `https://127.0.0.1:${apiPort}`;
    this.kubeconfig = f('admin.kubeconfig');
    fs.writeFileSync(this.kubeconfig, kubeconfig({ server: this.server, ca: f('ca.crt'), user: 'admin', credentials: { 'client-certificate': f('admin.crt'), 'client-key': f('admin.key') } }));

    this.spawn('etcd', this.bins.etcd, [
      '--name=e2e', `--data-dir=${f('etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`, '--unsafe-no-fsync', '--quota-backend-bytes=4294967296',
      '--log-level=warn',
    ]);

    // The fakes (webhook server and the apiserver's egress proxy) must exist before the apiserver.
    // The fake webhook server presents `*.<namespace>.svc`, signed on first use per namespace.
    const certFor = (ns) => {
      const name = `webhook-${ns}`;
      if (!fs.existsSync(f(`${name}.crt`))) {
        openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=*.${ns}.svc`], d);
        fs.writeFileSync(f(`${name}.ext`), `subjectAltName=DNS:*.${ns}.svc\nextendedKeyUsage=serverAuth\n`);
        openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], d);
      }
      return { cert: fs.readFileSync(f(`${name}.crt`)), key: fs.readFileSync(f(`${name}.key`)) };
    };
    this.fakes = new Fakes({ dir: d, caPem: fs.readFileSync(f('ca.crt')), certPem: fs.readFileSync(f('webhook.crt')), keyPem: fs.readFileSync(f('webhook.key')), certFor, log: this.log });
    await this.fakes.listen();
    // Every connection the apiserver makes into the cluster network (webhooks, CRD conversion,
    // aggregated APIs) goes through this egress proxy: to a real process where one serves the
    // service (controllers.js adds the route), else to the fake webhook server.
    this.router = new WebhookRouter({ socket: f('egress.sock'), fallbackPort: () => this.fakes.port });
    await this.router.listen();
    fs.writeFileSync(f('egress.yaml'), `apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: ${this.router.socket}
`);

    this.spawn('kube-apiserver', this.bins['kube-apiserver'], [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--tls-cert-file=${f('apiserver.crt')}`, `--tls-private-key-file=${f('apiserver.key')}`,
      `--client-ca-file=${f('ca.crt')}`,
      `--service-account-key-file=${f('sa.pub')}`, `--service-account-signing-key-file=${f('sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.96.0.0/16',
      '--authorization-mode=Node,RBAC',
      '--allow-privileged=true',
      '--endpoint-reconciler-type=none',
      `--egress-selector-config-file=${f('egress.yaml')}`,
      `--cert-dir=${f('apiserver-certs')}`,
      '--storage-media-type=application/vnd.kubernetes.protobuf',
    ]);
    this.kube = new Kube({ server: this.server, ca: fs.readFileSync(f('ca.crt')), cert: fs.readFileSync(f('admin.crt')), key: fs.readFileSync(f('admin.key')) });
    await this.waitFor('kube-apiserver /readyz', async () => (await this.kube.raw('GET', '/readyz')).status === 200, 120);

    this.spawn('kube-controller-manager', this.bins['kube-controller-manager'], [
      `--kubeconfig=${this.kubeconfig}`, `--authentication-kubeconfig=${this.kubeconfig}`, `--authorization-kubeconfig=${this.kubeconfig}`,
      '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`, '--leader-elect=false',
      `--service-account-private-key-file=${f('sa.key')}`, `--root-ca-file=${f('ca.crt')}`,
      '--use-service-account-credentials=true', '--controllers=*',
      `--cluster-signing-cert-file=${f('ca.crt')}`, `--cluster-signing-key-file=${f('ca.key')}`,
      // kwok heartbeats can slip on a loaded 2-core machine; a NotReady node would unready its pods.
      '--node-monitor-grace-period=5m',
      '--concurrent-deployment-syncs=10', '--concurrent-replicaset-syncs=10', '--kube-api-qps=200', '--kube-api-burst=400',
    ]);
    this.spawn('kube-scheduler', this.bins['kube-scheduler'], [
      `--kubeconfig=${this.kubeconfig}`, `--authentication-kubeconfig=${this.kubeconfig}`, `--authorization-kubeconfig=${this.kubeconfig}`,
      '--bind-address=127.0.0.1', `--secure-port=${schedPort}`, '--leader-elect=false',
    ]);
    fs.writeFileSync(f('kwok.yaml'), kwokConfig(this.harnessReady));
    this.spawn('kwok', this.bins.kwok, [
      `--kubeconfig=${this.kubeconfig}`, `--config=${f('kwok.yaml')}`,
      '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom',
      '--node-ip=10.240.0.1', '--cidr=10.244.0.0/16', '--node-lease-duration-seconds=40',
    ]);
    for (let i = 0; i < NODES; i++) await this.kube.create(nodeYaml(i));
    await this.waitFor('fake nodes Ready', async () => {
      const nodes = (await this.kube.get('/api/v1/nodes')).items;
      return nodes.filter((n) => (n.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length === NODES;
    }, 120);
    await this.waitFor('default service account', async () => (await this.kube.raw('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, 120);
    this.fakes.startControllers(this.kube);
  }

  async waitFor(what, check, seconds) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      for (const p of this.procs) {
        if (p.exitedWith !== null) throw new Error(`${p.name} exited (${p.exitedWith}) while waiting for ${what}; see ${path.join(this.dir, `${p.name}.log`)}\n${this.tail(p.name)}`);
      }
      try { if (await check()) return; } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
      await sleep(500);
    }
  }

  tail(name, lines = 15) {
    try { return fs.readFileSync(path.join(this.dir, `${name}.log`), 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return ''; }
  }

  /** Processes that died (a crash of the control plane is a test failure). */
  dead() { return this.procs.filter((p) => p.exitedWith !== null).map((p) => `${p.name} (${p.exitedWith})`); }

  /** Stops every process (reverse start order) and removes the temp dir unless keep is set. */
  async stop(keep) {
    if (this.fakes) await this.fakes.close();
    if (this.router) await this.router.close();
    for (const p of [...this.procs].reverse()) {
      if (p.exitedWith === null) {
        p.kill('SIGTERM');
        const t = Date.now();
        while (p.exitedWith === null && Date.now() - t < 10000) await sleep(100);
        if (p.exitedWith === null) p.kill('SIGKILL');
      }
    }
    if (!keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { Cluster, freePort, sleep, kubeconfig };
