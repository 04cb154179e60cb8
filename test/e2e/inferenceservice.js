'use strict';
// KServe's user stories for the e2e (real/kserve.js; README.md, "Real controllers", KServe), run
// after each release's install.sh while the real manager runs:
// - an sklearn InferenceService in RawDeployment mode reconciles to its predictor Deployment and
//   Service; the pod the Deployment makes is mutated by the real pod webhook (storage-initializer
//   from our inferenceservice-config). The InferenceService stays across the upgrade hop: the next
//   release's story updates it, so the new controller must reconcile what the old one wrote.
// - an InferenceService the CRD schema accepts but KServe's validator does not is denied with a
//   message only the real webhook gives (the fake server allows everything).
const { sleep } = require('./cluster');

const NS = 'e2e-kserve';
const NAME = 'sklearn-iris';
const API = '/apis/serving.kserve.io/v1beta1';

async function ensureNamespace(kube) {
  if ((await kube.raw('GET', `/api/v1/namespaces/${NS}`)).status === 200) return;
  await kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
}

/** The sklearn predictor our stories serve; E2E_RELEASE changes the spec at each hop. */
function inferenceService(release) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService',
    metadata: { name: NAME, namespace: NS, annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' } },
    spec: { predictor: { model: predictorModel(release) } },
  };
}
const predictorModel = (release) => ({
  modelFormat: { name: 'sklearn' },
  storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
  env: [{ name: 'E2E_RELEASE', value: release }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
});

/** What this release's bundle says the predictor must get: the sklearn runtime's image and the storage initializer's. */
function expected(objs) {
  const runtime = objs.find((o) => o.kind === 'ClusterServingRuntime' && o.metadata.name === 'kserve-sklearnserver');
  const config = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'inferenceservice-config');
  if (!runtime || !config) throw new Error('kserve: the bundle has no ClusterServingRuntime kserve-sklearnserver or ConfigMap inferenceservice-config');
  return { image: runtime.spec.containers[0].image, initializer: JSON.parse(config.data.storageInitializer).image };
}

const hasEnv = (c, release) => (c.env || []).some((e) => e.name === 'E2E_RELEASE' && e.value === release);
const ownedBy = (o, uid) => (o.metadata.ownerReferences || []).some((r) => r.uid === uid && r.controller);

/** Polls until check() returns a string (done) or the timeout; check returns null and sets why otherwise. */
async function until(timeout, check) {
  const deadline = Date.now() + timeout * 1000;
  const state = { why: 'not checked yet' };
  for (;;) {
    const done = await check(state);
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`after ${timeout}s: ${state.why}`);
    await sleep(2000);
  }
}

async function reconcilesStory({ kube, release, objs, timeout }) {
  await ensureNamespace(kube);
  const path = `${API}/namespaces/${NS}/inferenceservices/${NAME}`;
  const before = await kube.get(path).catch((e) => { if (e.status === 404) return null; throw e; });
  // Created here, or written by an earlier release's controller: then changed, so this one must act on it.
  const isvc = before
    ? await kube.mergePatch(path, { spec: { predictor: { model: predictorModel(release) } } })
    : await kube.create(inferenceService(release));
  const want = expected(objs);
  const uid = isvc.metadata.uid;
  const pods = `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`serving.kserve.io/inferenceservice=${NAME}`)}`;
  const msg = await until(timeout, async (s) => {
    const dep = await kube.get(`/apis/apps/v1/namespaces/${NS}/deployments/${NAME}-predictor`).catch(() => null);
    if (!dep) { s.why = `no Deployment ${NS}/${NAME}-predictor`; return null; }
    const c = dep.spec.template.spec.containers.find((x) => x.name === 'kserve-container');
    if (!ownedBy(dep, uid) || !c || !hasEnv(c, release) || c.image !== want.image) {
      s.why = `Deployment ${NAME}-predictor not reconciled for ${release}: owned ${ownedBy(dep, uid)}, kserve-container ${c ? `${c.image} env ${JSON.stringify(c.env)}` : 'missing'} (want ${want.image}, E2E_RELEASE=${release})`;
      return null;
    }
    const svc = await kube.get(`/api/v1/namespaces/${NS}/services/${NAME}-predictor`).catch(() => null);
    if (!svc || !ownedBy(svc, uid)) { s.why = `no Service ${NS}/${NAME}-predictor owned by the InferenceService`; return null; }
    // The pod webhook (real) adds the storage initializer to the predictor pods.
    const pod = (await kube.get(pods)).items.find((p) => p.spec.containers.some((x) => hasEnv(x, release)));
    const init = pod && (pod.spec.initContainers || []).find((x) => x.name === 'storage-initializer');
    if (!init || init.image !== want.initializer) {
      s.why = pod ? `pod ${pod.metadata.name} has no storage-initializer ${want.initializer} (init containers: ${JSON.stringify((pod.spec.initContainers || []).map((x) => x.image))})` : `no predictor pod for ${release}`;
      return null;
    }
    const live = await kube.get(path);
    const cond = (t) => ((live.status || {}).conditions || []).find((x) => x.type === t);
    if (!cond('PredictorReady') || cond('PredictorReady').status !== 'True') { s.why = `PredictorReady is ${JSON.stringify(cond('PredictorReady'))}`; return null; }
    return `${before ? 'updated the InferenceService an earlier release wrote' : 'created'} ${NS}/${NAME}: Deployment and Service ${NAME}-predictor owned by it, image ${want.image}, pod ${pod.metadata.name} with storage-initializer ${want.initializer}; PredictorReady True, Ready ${(cond('Ready') || {}).status}`;
  });
  return msg;
}

/** Only KServe's validator says this; the CRD schema accepts the name (a DNS subdomain). */
const REJECTED = /admission webhook "inferenceservice\.kserve-webhook-server\.validator" denied the request: the InferenceService "1-e2e-invalid" is invalid: a InferenceService name must consist of lower case alphanumeric characters or '-', and must start with alphabetical character/;

async function rejectsStory({ kube, release }) {
  await ensureNamespace(kube);
  const body = { ...inferenceService(release), metadata: { ...inferenceService(release).metadata, name: '1-e2e-invalid' } };
  const r = await kube.request('POST', `${API}/namespaces/${NS}/inferenceservices?dryRun=All`, body);
  const msg = (() => { try { return JSON.parse(r.text).message; } catch { return r.text; } })();
  if (r.status < 400 || !REJECTED.test(msg || '')) throw new Error(`kserve webhook: InferenceService "1-e2e-invalid" got ${r.status} ${msg}, not a denial by inferenceservice.kserve-webhook-server.validator`);
  return `the webhook denied InferenceService "1-e2e-invalid": ${msg}`;
}

module.exports = { reconcilesStory, rejectsStory, REJECTED };
