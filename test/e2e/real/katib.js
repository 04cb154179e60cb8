'use strict';
// Katib for real (issue 18; README.md, "Real controllers", Katib): the katib-controller, whose
// process also serves the Experiment webhooks (and the metrics-collector Pod mutator), at the
// version the release catalog pins. The main is ours (build/katib/src/katib-controller), on
// upstream's packages: upstream's cert dir is a constant and its ports come from the config file.
// Its webhook certificate is cert-manager's (Certificate katib-webhook-cert, CA injected by the
// real cainjector): katib-config enables no certGenerator, so no injectsOwnCa.
// No suggestion service runs (kwok pods serve nothing), so no Trial is ever created: the story
// checks what the controller writes up to the Suggestion's Deployment and Service.

const NS = 'kubeflow';
const DEPLOYMENT = `${NS}/katib-controller`;
// The example tenant's namespace (profiles/); it carries Katib's namespace label
// katib.kubeflow.org/metrics-collector-injection=enabled (the Pod mutator's selector).
const TENANT = 'kubeflow-user-example-com';
const EXPERIMENT = 'e2e-random';
const ALGORITHM = 'random';
const KATIB = '/apis/kubeflow.org/v1beta1';
const APPS = '/apis/apps/v1';
// Upstream's consts.DefaultSuggestionPort / DefaultSuggestionPortName.
const SUGGESTION_PORT = 6789;
const SUGGESTION_PORT_NAME = 'suggestion-api';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (null or a string saying what is missing = not yet) until it returns a value. */
async function until(timeout, what, probe) {
  const deadline = Date.now() + timeout * 1000;
  let last = '';
  for (;;) {
    const r = await probe();
    if (r && typeof r === 'object') return r;
    last = r || last;
    if (Date.now() > deadline) throw new Error(`katib: ${what} not after ${timeout}s${last ? `: ${last}` : ''}`);
    await sleep(1000);
  }
}

const getOrNull = (kube, path) => kube.get(path).catch((e) => { if (e.status === 404) return null; throw e; });
const controlledBy = (o, kind, uid) => (o.metadata.ownerReferences || []).some((r) => r.kind === kind && r.uid === uid && r.controller);

/** The image katib-config (the bundle's ConfigMap) gives the algorithm's suggestion service. */
function suggestionImage(objs) {
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === NS && o.metadata.name === 'katib-config');
  if (!cm) throw new Error(`katib: the bundle has no ConfigMap ${NS}/katib-config`);
  // A plain scan of the YAML: the entry after `algorithmName: random` names its image.
  const m = cm.data['katib-config.yaml'].match(new RegExp(`algorithmName: ${ALGORITHM}\\s*\\n\\s*image: (\\S+)`));
  if (!m) throw new Error(`katib: katib-config has no suggestion image for algorithm ${ALGORITHM}`);
  return m[1];
}

/** A minimal valid Experiment: one double parameter, random search, a batch Job per Trial. */
const experiment = (name, spec = {}) => ({
  apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment',
  metadata: { name, namespace: TENANT },
  spec: {
    objective: { type: 'maximize', goal: 0.99, objectiveMetricName: 'accuracy' },
    algorithm: { algorithmName: ALGORITHM },
    parallelTrialCount: 1, maxTrialCount: 2, maxFailedTrialCount: 1,
    parameters: [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.1' } }],
    trialTemplate: {
      primaryContainerName: 'training-container',
      trialParameters: [{ name: 'learningRate', reference: 'lr' }],
      trialSpec: {
        apiVersion: 'batch/v1', kind: 'Job',
        spec: { template: { spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'training-container', image: 'docker.io/library/busybox:1.36',
            command: ['sh', '-c', 'echo accuracy=0.5 lr=${trialParameters.learningRate}'] }],
        } } },
      },
    },
    ...spec,
  },
});

/**
 * The story: an Experiment gets its Suggestion (controlled by it, with the Experiment's
 * algorithm), and the Suggestion its algorithm's Deployment (katib-config's image) and Service
 * (the gRPC port). Trials would follow once that service answers GetSuggestions over gRPC,
 * which no pod does here, so none is asserted. On a cluster where an earlier release's story
 * ran, the Service that release's controller wrote is deleted first: the running controller
 * must recreate it for the Suggestion the old one wrote.
 */
async function experimentCreatesSuggestion({ kube, objs, timeout }) {
  const image = suggestionImage(objs);
  const path = `${KATIB}/namespaces/${TENANT}/experiments/${EXPERIMENT}`;
  const name = `${EXPERIMENT}-${ALGORITHM}`; // upstream's GetSuggestionDeploymentName / ServiceName
  const svcPath = `/api/v1/namespaces/${TENANT}/services/${name}`;
  let exp = await getOrNull(kube, path);
  const created = !exp;
  let oldSvcUid = null;
  if (created) {
    exp = await kube.create(experiment(EXPERIMENT));
  } else {
    const old = await getOrNull(kube, svcPath);
    if (old) {
      oldSvcUid = old.metadata.uid;
      await kube.call('DELETE', svcPath);
    }
  }
  const sug = await until(timeout, `Suggestion ${TENANT}/${EXPERIMENT} of the Experiment`, async () => {
    const s = await getOrNull(kube, `${KATIB}/namespaces/${TENANT}/suggestions/${EXPERIMENT}`);
    if (!s) return 'no Suggestion';
    if (!controlledBy(s, 'Experiment', exp.metadata.uid)) return `Suggestion not controlled by Experiment uid ${exp.metadata.uid}: ${JSON.stringify(s.metadata.ownerReferences)}`;
    if (s.spec.algorithm.algorithmName !== ALGORITHM) return `Suggestion algorithm ${s.spec.algorithm.algorithmName}`;
    return s;
  });
  const uid = sug.metadata.uid;
  const dep = await until(timeout, `Deployment ${TENANT}/${name} of the Suggestion with image ${image}`, async () => {
    const d = await getOrNull(kube, `${APPS}/namespaces/${TENANT}/deployments/${name}`);
    if (!d) return 'no Deployment';
    if (!controlledBy(d, 'Suggestion', uid)) return `Deployment not controlled by Suggestion uid ${uid}`;
    const c = d.spec.template.spec.containers[0];
    if (c.image !== image) return `Deployment image ${c.image}`;
    return d;
  });
  const svc = await until(timeout, `Service ${TENANT}/${name} of the Suggestion on port ${SUGGESTION_PORT}`, async () => {
    const s = await getOrNull(kube, svcPath);
    if (!s) return 'no Service';
    if (s.metadata.uid === oldSvcUid) return 'the earlier release\'s Service is still there';
    if (!controlledBy(s, 'Suggestion', uid)) return `Service not controlled by Suggestion uid ${uid}`;
    const p = s.spec.ports.find((x) => x.name === SUGGESTION_PORT_NAME);
    if (!p || p.port !== SUGGESTION_PORT) return `Service ports ${JSON.stringify(s.spec.ports)}`;
    return s;
  });
  const container = dep.spec.template.spec.containers[0];
  return `Experiment ${TENANT}/${EXPERIMENT} (${created ? 'created' : 'from an earlier release'}): Suggestion controlled by it, `
    + `Deployment ${name} (image ${container.image}) and Service ${name} (${svc.spec.ports.map((p) => `${p.name}:${p.port}`).join(', ')}) `
    + `controlled by the Suggestion${oldSvcUid ? ', the Service recreated after the earlier release\'s was deleted' : ''} `
    + '(no Trials: no suggestion service answers gRPC here)';
}

/** What only the real Experiment webhook says: two rules the CRD schema cannot express. */
const REJECTED = [
  /admission webhook "validator\.experiment\.katib\.kubeflow\.org" denied the request/,
  /spec\.maxFailedTrialCount: Invalid value: 3: should be less than or equal to spec\.maxTrialCount/,
  // The webhook reads katib-config from the API for this one (our RBAC for it).
  /spec\.algorithm\.algorithmName: Invalid value: "e2e-no-such-algorithm": unable to get Suggestion config data for algorithm e2e-no-such-algorithm/,
];

async function webhookRejectsInvalidExperiment({ kube }) {
  const body = experiment('e2e-invalid', { maxTrialCount: 2, maxFailedTrialCount: 3, algorithm: { algorithmName: 'e2e-no-such-algorithm' } });
  const r = await kube.request('POST', `${KATIB}/namespaces/${TENANT}/experiments?dryRun=All`, body);
  const msg = (() => { try { return JSON.parse(r.text).message; } catch { return r.text; } })() || '';
  if (r.status < 400 || !REJECTED.every((re) => re.test(msg))) {
    throw new Error(`katib webhook: an Experiment with maxFailedTrialCount > maxTrialCount and an unknown algorithm got ${r.status} ${msg}, not a denial by validator.experiment.katib.kubeflow.org naming both`);
  }
  return `the webhook denied an invalid Experiment: ${msg}`;
}

module.exports = {
  name: 'katib',
  pin: (versions) => versions.katib,
  processes: [{
    deployment: DEPLOYMENT,
    container: 'katib-controller',
    binary: 'katib-controller',
    // Our main's flags (upstream binds these from katib-config's init.controller only).
    ports: {
      webhook: (p) => `--webhook-port=${p}`,
      metrics: (p) => `--metrics-addr=127.0.0.1:${p}`,
      healthz: (p) => `--healthz-addr=127.0.0.1:${p}`,
    },
    adapt: (args, { mounts }) => {
      const certs = mounts.find(([m]) => m === '/tmp/cert');
      if (!certs) throw new Error('katib: the Deployment no longer mounts its webhook cert at /tmp/cert');
      // The webhook server's cert dir is a constant upstream: point it at the mount's copy.
      return [...args, `--cert-dir=${certs[1]}`];
    },
  }],
  stories: [
    { name: 'a Katib Experiment creates its Suggestion with its Deployment and Service (no Trials: no suggestion service serves gRPC here)', run: experimentCreatesSuggestion },
    { name: 'the Katib webhook rejects an invalid Experiment', run: webhookRejectsInvalidExperiment },
  ],
};
