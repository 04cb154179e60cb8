'use strict';
// Stories of real Knative Serving (real/knative.js): what its controller and webhook must do on
// the test cluster, checked after each release's install.sh. The objects stay across upgrade
// hops, so a later release's controller finds the Service an earlier one reconciled and must
// reconcile it again (its update makes a new Revision; the old Revision stays).
const { statusMessage } = require('./kube');
const { sleep } = require('./cluster');

const NS = 'e2e-knative';
const NAME = 'hello';
const SERVING = '/apis/serving.knative.dev/v1';
// By digest: the controller resolves tags to digests through the registry, which a loopback
// cluster cannot reach; an image with a digest is used as it is. Never pulled (kwok pods).
const IMAGE = 'registry.invalid/e2e/hello@sha256:0000000000000000000000000000000000000000000000000000000000000001';

/** The Knative Service of this story, its template marked with the release that applied it. */
function service(release) {
  return {
    apiVersion: 'serving.knative.dev/v1', kind: 'Service',
    metadata: { name: NAME, namespace: NS },
    spec: { template: { spec: { containers: [{ image: IMAGE, env: [{ name: 'E2E_RELEASE', value: release }] }] } } },
  };
}

/** Polls fn until it returns a value (not undefined); the last reason on timeout. */
async function until(seconds, what, fn) {
  const deadline = Date.now() + seconds * 1000;
  let why = '';
  for (;;) {
    const r = await fn().catch((e) => { why = e.message; return undefined; });
    if (r !== undefined && r !== false && !(r && r.wait)) return r;
    if (r && r.wait) why = r.wait;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${seconds}s${why ? ` (${why})` : ''}`);
    await sleep(1000);
  }
}

/**
 * A Knative Service (created, or at a later release updated) reconciles to a new Revision, which
 * the real webhook defaulted and the real controller turned into a Deployment with the queue-proxy
 * sidecar our config-deployment names. Earlier releases' Revisions stay.
 */
async function serviceToRevision({ kube, release, objs, timeout }) {
  await kube.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch((e) => { if (e.status !== 409) throw e; });
  const path = `${SERVING}/namespaces/${NS}/services/${NAME}`;
  const before = await kube.get(path).catch(() => null);
  // Server-side apply as the user would; the webhook defaults and validates it (real, not the fake).
  const applied = await kube.call('PATCH', `${path}?fieldManager=e2e&force=true`, JSON.stringify(service(release)), 'application/apply-patch+yaml');
  const c = applied.spec.template.spec.containers[0];
  if (applied.spec.template.spec.timeoutSeconds === undefined || !c.readinessProbe) {
    throw new Error(`Knative Service ${NS}/${NAME} was not defaulted by the real webhook (no timeoutSeconds or readinessProbe): ${JSON.stringify(applied.spec.template.spec)}`);
  }
  // The controller observes this generation and creates its Revision.
  const svc = await until(timeout, `Knative Service ${NS}/${NAME} generation ${applied.metadata.generation} observed by the controller`, async () => {
    const s = await kube.get(path);
    const latest = s.status && s.status.latestCreatedRevisionName;
    return s.status && s.status.observedGeneration === s.metadata.generation && latest && (!before || latest !== (before.status || {}).latestCreatedRevisionName) ? s : { wait: `status ${JSON.stringify(s.status || {})}` };
  });
  const revName = svc.status.latestCreatedRevisionName;
  const rev = await kube.get(`${SERVING}/namespaces/${NS}/revisions/${revName}`);
  const env = rev.spec.containers[0].env || [];
  if (!env.some((e) => e.name === 'E2E_RELEASE' && e.value === release)) throw new Error(`Revision ${revName} does not carry this release's template (E2E_RELEASE=${release}): ${JSON.stringify(env)}`);
  // The Deployment the revision reconciler makes: the user container and the queue proxy of our config-deployment.
  const queue = (objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'knative-serving' && o.metadata.name === 'config-deployment') || { data: {} }).data['queue-sidecar-image'];
  const dep = await until(timeout, `Deployment ${NS}/${revName}-deployment of Revision ${revName}`, async () => {
    const d = await kube.get(`/apis/apps/v1/namespaces/${NS}/deployments/${revName}-deployment`);
    return d;
  });
  const names = dep.spec.template.spec.containers.map((x) => x.name);
  const qp = dep.spec.template.spec.containers.find((x) => x.name === 'queue-proxy');
  if (!names.includes('user-container') || !qp) throw new Error(`Deployment ${revName}-deployment has containers ${names.join(', ')}, not user-container and queue-proxy`);
  if (qp.image !== queue) throw new Error(`Deployment ${revName}-deployment runs queue-proxy ${qp.image}, not config-deployment's ${queue}`);
  const owner = (dep.metadata.ownerReferences || []).find((o) => o.kind === 'Revision');
  if (!owner || owner.name !== revName) throw new Error(`Deployment ${revName}-deployment is not owned by Revision ${revName}`);
  // Revisions of earlier releases stay (the configuration keeps them; gc keeps the latest ones).
  const revs = (await kube.get(`${SERVING}/namespaces/${NS}/revisions`)).items.map((r) => r.metadata.name).sort();
  return `Service ${NS}/${NAME} -> Revision ${revName} -> Deployment ${revName}-deployment (queue-proxy ${qp.image.split('@')[0].split('/').pop()}); revisions: ${revs.join(', ')}`;
}

/** What the real config-map webhook says to a malformed config-autoscaler (upstream's own message). */
const REJECTED = /admission webhook "config\.webhook\.serving\.knative\.dev" denied the request: validation failed: max-scale-up-rate = 0\.5, must be greater than 1\.0/;

/** A bad value in config-autoscaler is denied by the real webhook (dryRun=All: nothing changes). */
async function configMapRejected({ kube }) {
  const r = await kube.request('PATCH', '/api/v1/namespaces/knative-serving/configmaps/config-autoscaler?dryRun=All',
    { data: { 'max-scale-up-rate': '0.5' } }, 'application/merge-patch+json');
  const msg = statusMessage(r);
  if (r.status < 400 || !REJECTED.test(msg || '')) throw new Error(`Knative config webhook: config-autoscaler max-scale-up-rate 0.5 got ${r.status} ${msg}, not a denial by config.webhook.serving.knative.dev`);
  return msg;
}

const STORIES = [{
  name: 'a Knative Service reconciles to a Revision and Deployment, and a malformed Knative config map is rejected',
  run: async (ctx) => {
    const reconciled = await serviceToRevision(ctx);
    const denied = await configMapRejected(ctx);
    return `${reconciled}; config-autoscaler max-scale-up-rate 0.5 denied: "${denied}"`;
  },
}];

module.exports = { STORIES, serviceToRevision, configMapRejected, REJECTED };
