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

function sample(namespace) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, namespace },
    spec: {
      selector: { matchLabels: { app: NAME } },
      template: {
        metadata: { labels: { app: NAME } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: 'registry.invalid/e2e/app:1',
            ports: [{ containerPort: 8080 }],
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

function manifestFiles(bundle) {
  const dir = path.join(bundle, 'manifests');
  return fs.readdirSync(dir).sort().flatMap((w) => fs.readdirSync(path.join(dir, w)).sort().map((f) => path.join(dir, w, f)));
}

/** Renders, applies and waits for an injected Deployment in each namespace; deletes them after. */
async function injectionCheck({ cluster, bins, bundle, namespaces, log, timeoutMs = 120000 }) {
  if (!bins['istio-inject']) throw new Error('istio-inject is not built (see build/build.sh output)');
  const input = namespaces.map((ns) => YAML.stringify(sample(ns))).join('---\n');
  const r = spawnSync(bins['istio-inject'], manifestFiles(bundle), { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`istio-inject failed: ${r.stderr || r.error}`);
  const out = r.stdout;
  const warnings = r.stderr.trim() ? `; injector warnings:\n  ${r.stderr.trim().split('\n').join('\n  ')}` : '';
  const injected = YAML.parseAllDocuments(out).map((d) => d.toJSON()).filter((o) => o && o.kind === 'Deployment');
  const kube = cluster.kube;
  const problems = [];
  for (const d of injected) {
    const init = d.spec.template.spec.initContainers || [];
    const proxy = init.find((c) => c.name === 'istio-proxy');
    if (!proxy || proxy.restartPolicy !== 'Always') problems.push(`${d.metadata.namespace}: the injected pod has no native istio-proxy sidecar`);
    await kube.create(d);
  }
  const deadline = Date.now() + timeoutMs;
  for (const ns of namespaces) {
    const p = `/apis/apps/v1/namespaces/${ns}/deployments/${NAME}`;
    for (;;) {
      const d = await kube.get(p);
      const avail = (d.status.conditions || []).find((c) => c.type === 'Available');
      if (avail && avail.status === 'True' && d.status.readyReplicas >= 1) break;
      if (Date.now() > deadline) {
        const events = (await kube.get(`/api/v1/namespaces/${ns}/events`)).items.filter((e) => e.type === 'Warning').slice(-5).map((e) => `${e.reason}: ${e.message}`);
        problems.push(`${ns}: the injected Deployment is not Available after ${timeoutMs / 1000}s\n    ${events.join('\n    ')}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  for (const ns of namespaces) await kube.call('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/${NAME}?propagationPolicy=Foreground`).catch(() => {});
  if (problems.length) throw new Error(`sidecar injection: ${problems.join('\n  ')}`);
  const proxy = injected[0].spec.template.spec.initContainers.find((c) => c.name === 'istio-proxy');
  log(`sidecar injection (Istio's injector code, the installed templates): ${injected.length} Deployments (${namespaces.join(', ')}) admitted and Available, proxy ${proxy.image}${warnings}`);
}

module.exports = { injectionCheck };
