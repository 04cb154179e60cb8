'use strict';
// Istio sidecar injection, checked with Istio's own code: `istio-inject` (build/istio-inject)
// renders a sample Deployment with the injector templates, values and mesh config the bundle
// installed, as `istioctl kube-inject` does; the injected Deployment must pass admission (Pod
// Security of its namespace, schemas) and become Available, its pods carrying the proxy as a
// native sidecar. The cluster's injection webhook is the harness's allow-all fake, so the
// workload arrives injected.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const YAML = require('yaml');

const NAME = 'e2e-injected';
const GATEWAY = 'e2e-gateway';

function deployment(name, namespace, metadata, spec) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { ...metadata, labels: { app: name, ...metadata.labels } }, spec } },
  };
}

/** An app that meets Pod Security `restricted` on its own. */
function sample(namespace) {
  return deployment(NAME, namespace, {}, {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'registry.invalid/e2e/app:1',
      ports: [{ containerPort: 8080 }],
      resources: { requests: { cpu: '10m', memory: '16Mi' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }],
  });
}

/** A gateway as Istio documents it: a placeholder container the `gateway` template fills in. */
function gateway(namespace) {
  return deployment(GATEWAY, namespace,
    { annotations: { 'inject.istio.io/templates': 'gateway' }, labels: { 'sidecar.istio.io/inject': 'true' } },
    { containers: [{ name: 'istio-proxy', image: 'auto' }] });
}

function manifestFiles(bundle) {
  const dir = path.join(bundle, 'manifests');
  return fs.readdirSync(dir).sort().flatMap((w) => fs.readdirSync(path.join(dir, w)).sort().map((f) => path.join(dir, w, f)));
}

/**
 * Renders, applies and waits for an injected app Deployment in each namespace, and a gateway in
 * the first; deletes them after.
 */
async function injectionCheck({ cluster, bins, bundle, namespaces, log, timeoutMs = 120000 }) {
  if (!bins['istio-inject']) throw new Error('istio-inject is not built (see build/build.sh output)');
  const input = [...namespaces.map(sample), gateway(namespaces[0])].map((o) => YAML.stringify(o)).join('---\n');
  const r = spawnSync(bins['istio-inject'], manifestFiles(bundle), { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`istio-inject failed: ${r.stderr || r.error}`);
  const out = r.stdout;
  const warnings = r.stderr.trim() ? `; injector warnings:\n  ${r.stderr.trim().split('\n').join('\n  ')}` : '';
  const injected = YAML.parseAllDocuments(out).map((d) => d.toJSON()).filter((o) => o && o.kind === 'Deployment');
  const kube = cluster.kube;
  const problems = [];
  for (const d of injected) {
    const pod = d.spec.template.spec;
    if (d.metadata.name === GATEWAY) {
      const proxy = pod.containers.find((c) => c.name === 'istio-proxy');
      if (!proxy || proxy.image === 'auto') problems.push(`${d.metadata.namespace}/${GATEWAY}: the gateway template did not fill in the proxy`);
    } else {
      const proxy = (pod.initContainers || []).find((c) => c.name === 'istio-proxy');
      if (!proxy || proxy.restartPolicy !== 'Always') problems.push(`${d.metadata.namespace}/${NAME}: the injected pod has no native istio-proxy sidecar`);
    }
    await kube.create(d);
  }
  const deadline = Date.now() + timeoutMs;
  for (const d of injected) {
    const ns = d.metadata.namespace;
    const p = `/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`;
    for (;;) {
      const live = await kube.get(p);
      const avail = (live.status.conditions || []).find((c) => c.type === 'Available');
      if (avail && avail.status === 'True' && live.status.readyReplicas >= 1) break;
      if (Date.now() > deadline) {
        const events = (await kube.get(`/api/v1/namespaces/${ns}/events`)).items.filter((e) => e.type === 'Warning').slice(-5).map((e) => `${e.reason}: ${e.message}`);
        problems.push(`${ns}/${d.metadata.name}: not Available after ${timeoutMs / 1000}s\n    ${events.join('\n    ')}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  for (const d of injected) await kube.call('DELETE', `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}?propagationPolicy=Foreground`).catch(() => {});
  if (problems.length) throw new Error(`sidecar injection: ${problems.join('\n  ')}`);
  const proxy = injected[0].spec.template.spec.initContainers.find((c) => c.name === 'istio-proxy');
  log(`sidecar injection (Istio's injector code, the installed templates): ${injected.length} Deployments (apps in ${namespaces.join(', ')}, a gateway in ${namespaces[0]}) admitted and Available, proxy ${proxy.image}${warnings}`);
}

module.exports = { injectionCheck };
