'use strict';
// Katib for real (issue 18; README.md, "Real controllers", Katib): the katib-controller, whose
// process also serves the Experiment webhooks and the metrics-collector Pod mutator, at the
// version the release catalog pins, and the Goptuna suggestion service for the Suggestion
// Deployment the controller creates at run time (a `created` process, controllers.js). Both
// mains are ours (build/katib/src/), on upstream's packages: upstream's controller takes its cert
// dir and ports from constants and the config file, the service listens on a constant 0.0.0.0:6789.
// Its webhook certificate is cert-manager's (Certificate katib-webhook-cert, CA injected by the
// real cainjector): katib-config enables no certGenerator, so no injectsOwnCa.
// katib-controller dials a Suggestion at `<service>.<namespace>:6789`, a name the host cannot
// resolve: it gets HTTPS_PROXY, the router's loopback CONNECT proxy (grpc-go sends the name
// unresolved in the CONNECT), which routes that name to the suggestion process (harness
// adaptation; its API server calls go to 127.0.0.1, never proxied).
const { statusMessage } = require('../kube');
const { getOrNull, pollUntil } = require('../poll');

const YAML = require('yaml');

const NS = 'kubeflow';
const DEPLOYMENT = `${NS}/katib-controller`;
// The example tenant's namespace (profiles/); it carries Katib's namespace label
// katib.kubeflow.org/metrics-collector-injection=enabled (the Pod mutator's selector).
const TENANT = 'kubeflow-user-example-com';
const INJECTION_LABEL = 'katib.kubeflow.org/metrics-collector-injection';
const EXPERIMENT = 'e2e-sobol';
const ALGORITHM = 'sobol'; // katib-config: image suggestion-goptuna
const PARALLEL = 2;
const KATIB = '/apis/kubeflow.org/v1beta1';
const APPS = '/apis/apps/v1';
const BATCH = '/apis/batch/v1';
// Upstream's GetSuggestionDeploymentName / GetSuggestionServiceName: <suggestion>-<algorithm>.
const SUGGESTION = `${EXPERIMENT}-${ALGORITHM}`;
// Upstream's consts.DefaultSuggestionPort / DefaultSuggestionPortName.
const SUGGESTION_PORT = 6789;
const SUGGESTION_PORT_NAME = 'suggestion-api';
// What the Pod mutator adds for the StdOut collector (upstream's MetricLoggerCollectorContainerName,
// and the redirect it appends to the primary container's command).
const SIDECAR = 'metrics-logger-and-collector';
// The Trial finalizer whose removal needs the DB manager (see cleanUp).
const DB_FINALIZER = 'clean-metrics-in-db';
const REDIRECT = '1>/var/log/katib/metrics.log 2>&1';
// The feasible space; the Trials' assignments must fall inside it.
const SPACE = { lr: { type: 'double', min: 0.01, max: 0.1 }, layers: { type: 'int', min: 2, max: 5 } };

const until = pollUntil('katib');

const controlledBy = (o, kind, uid) => (o.metadata.ownerReferences || []).some((r) => r.kind === kind && r.uid === uid && r.controller);
const condition = (o, type) => ((o.status || {}).conditions || []).find((c) => c.type === type && c.status === 'True');

/** The bundle's katib-config (ConfigMap kubeflow/katib-config), parsed. */
function katibConfig(objs) {
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === NS && o.metadata.name === 'katib-config');
  if (!cm) throw new Error(`katib: the bundle has no ConfigMap ${NS}/katib-config`);
  return YAML.parse(cm.data['katib-config.yaml']);
}

/** The image katib-config gives the algorithm's suggestion service, and the StdOut metrics collector's. */
function images(objs) {
  const rt = katibConfig(objs).runtime;
  const sug = rt.suggestions.find((x) => x.algorithmName === ALGORITHM);
  const mc = rt.metricsCollectors.find((x) => x.kind === 'StdOut');
  if (!sug || !mc) throw new Error(`katib: katib-config has no suggestion for ${ALGORITHM} or no StdOut metrics collector`);
  return { suggestion: sug.image, collector: mc.image };
}

/** A minimal valid Experiment: a double and an int parameter, a batch Job per Trial. */
const experiment = (name, spec = {}) => ({
  apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment',
  metadata: { name, namespace: TENANT },
  spec: {
    objective: { type: 'maximize', goal: 0.99, objectiveMetricName: 'accuracy' },
    algorithm: { algorithmName: ALGORITHM },
    // maxTrialCount = parallelTrialCount: the first Trials are all the Experiment ever asks for.
    parallelTrialCount: PARALLEL, maxTrialCount: PARALLEL, maxFailedTrialCount: 1,
    parameters: Object.entries(SPACE).map(([n, x]) => ({ name: n, parameterType: x.type, feasibleSpace: { min: String(x.min), max: String(x.max) } })),
    trialTemplate: {
      primaryContainerName: 'training-container',
      trialParameters: [{ name: 'learningRate', reference: 'lr' }, { name: 'numLayers', reference: 'layers' }],
      trialSpec: {
        apiVersion: 'batch/v1', kind: 'Job',
        spec: { template: { spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'training-container', image: 'docker.io/library/busybox:1.36',
            command: ['sh', '-c', 'echo accuracy=0.5 lr=${trialParameters.learningRate} layers=${trialParameters.numLayers}'] }],
        } } },
      },
    },
    ...spec,
  },
});

/** Why an assignment is outside the feasible space (or null). */
function outside(assignments) {
  const byName = Object.fromEntries((assignments || []).map((a) => [a.name, a.value]));
  for (const [n, x] of Object.entries(SPACE)) {
    const v = Number(byName[n]);
    if (byName[n] === undefined || Number.isNaN(v)) return `no value for ${n}: ${JSON.stringify(assignments)}`;
    if (x.type === 'int' && !/^-?\d+$/.test(byName[n])) return `${n}=${byName[n]} is not an int`;
    if (v < x.min || v > x.max) return `${n}=${byName[n]} outside [${x.min}, ${x.max}]`;
  }
  return null;
}

/**
 * Deletes the Experiment and waits until everything it made is gone, the suggestion process too.
 * A Trial's finalizer `clean-metrics-in-db` is removed by katib-controller only once the DB
 * manager has deleted the Trial's observation logs (DeleteObservationLog over gRPC); no DB manager
 * runs here (its CONNECT is refused), so the harness stands in for its answer and removes that
 * one finalizer of a Trial being deleted. Returns whether there was an Experiment, and how many
 * finalizers it removed.
 */
async function cleanUp({ kube, controllers, timeout }) {
  const path = `${KATIB}/namespaces/${TENANT}/experiments/${EXPERIMENT}`;
  if (!(await getOrNull(kube, path))) return { existed: false, finalizers: 0 };
  await kube.call('DELETE', path);
  const sel = `labelSelector=${encodeURIComponent(`katib.kubeflow.org/experiment=${EXPERIMENT}`)}`;
  let finalizers = 0;
  await until(timeout, `the Experiment ${EXPERIMENT} and what it made gone`, async () => {
    const left = [];
    if (await getOrNull(kube, path)) left.push('Experiment');
    if (await getOrNull(kube, `${KATIB}/namespaces/${TENANT}/suggestions/${EXPERIMENT}`)) left.push('Suggestion');
    const trials = (await kube.get(`${KATIB}/namespaces/${TENANT}/trials?${sel}`)).items;
    for (const t of trials.filter((x) => x.metadata.deletionTimestamp && (x.metadata.finalizers || []).includes(DB_FINALIZER))) {
      const rest = t.metadata.finalizers.filter((f) => f !== DB_FINALIZER);
      // The resourceVersion makes it a compare-and-swap: a concurrent change of the list wins.
      await kube.mergePatch(`${KATIB}/namespaces/${TENANT}/trials/${t.metadata.name}`, { metadata: { resourceVersion: t.metadata.resourceVersion, finalizers: rest } })
        .then(() => { finalizers += 1; }, (e) => { if (e.status !== 409 && e.status !== 404) throw e; });
    }
    if (trials.length) left.push(`${trials.length} Trials`);
    if (await getOrNull(kube, `${APPS}/namespaces/${TENANT}/deployments/${SUGGESTION}`)) left.push(`Deployment ${SUGGESTION}`);
    if (controllers.running.has(`${TENANT}/${SUGGESTION}`)) left.push('the suggestion process');
    return left.length ? `still there: ${left.join(', ')}` : {};
  });
  return { existed: true, finalizers };
}

/**
 * The story: an Experiment (sobol) gets its Suggestion; the Suggestion its Deployment
 * (katib-config's image) and Service (the gRPC port); the harness runs the real Goptuna service
 * for that Deployment, which becomes Available on its gRPC probe; katib-controller validates the
 * algorithm and gets PARALLEL assignments over gRPC (through the egress proxy); the Experiment
 * creates that many Trials, each with assignments inside the feasible space, and each Trial its
 * Job with the values substituted into the command; the Job's pod carries the metrics-collector
 * sidecar the real Pod mutator added. Then the Experiment is deleted and everything it made goes
 * (the process too), so a later release's story starts clean. Trials do not succeed here (see
 * README.md): that is not asserted.
 */
async function experimentCreatesTrials({ kube, objs, timeout, controllers, cluster }) {
  const img = images(objs);
  const leftover = await cleanUp({ kube, controllers, timeout }); // a failed earlier run's
  // The router's counts are the run's: an earlier release's story routed some already.
  const grpcTarget = `${SUGGESTION}.${TENANT}:${SUGGESTION_PORT}`;
  const before = cluster.router.counts.routed[grpcTarget] || 0;
  const exp = await kube.create(experiment(EXPERIMENT));
  const sug = await until(timeout, `Suggestion ${TENANT}/${EXPERIMENT} of the Experiment`, async () => {
    const s = await getOrNull(kube, `${KATIB}/namespaces/${TENANT}/suggestions/${EXPERIMENT}`);
    if (!s) return 'no Suggestion';
    if (!controlledBy(s, 'Experiment', exp.metadata.uid)) return `Suggestion not controlled by Experiment uid ${exp.metadata.uid}: ${JSON.stringify(s.metadata.ownerReferences)}`;
    if (s.spec.algorithm.algorithmName !== ALGORITHM) return `Suggestion algorithm ${s.spec.algorithm.algorithmName}`;
    return s;
  });
  const uid = sug.metadata.uid;
  const svc = await until(timeout, `Service ${TENANT}/${SUGGESTION} of the Suggestion on port ${SUGGESTION_PORT}`, async () => {
    const s = await getOrNull(kube, `/api/v1/namespaces/${TENANT}/services/${SUGGESTION}`);
    if (!s) return 'no Service';
    if (!controlledBy(s, 'Suggestion', uid)) return `Service not controlled by Suggestion uid ${uid}`;
    const p = s.spec.ports.find((x) => x.name === SUGGESTION_PORT_NAME);
    if (!p || p.port !== SUGGESTION_PORT) return `Service ports ${JSON.stringify(s.spec.ports)}`;
    return s;
  });
  // Available: the harness's gRPC readiness probe passed against the real process.
  const dep = await until(timeout, `Deployment ${TENANT}/${SUGGESTION} of the Suggestion, image ${img.suggestion}, Available`, async () => {
    const d = await getOrNull(kube, `${APPS}/namespaces/${TENANT}/deployments/${SUGGESTION}`);
    if (!d) return 'no Deployment';
    if (!controlledBy(d, 'Suggestion', uid)) return `Deployment not controlled by Suggestion uid ${uid}`;
    const c = d.spec.template.spec.containers[0];
    if (c.image !== img.suggestion) return `Deployment image ${c.image}`;
    if (!controllers.running.has(`${TENANT}/${SUGGESTION}`)) return 'no suggestion process runs for it';
    if (!condition(d, 'Available')) return `Deployment not Available: ${JSON.stringify((d.status || {}).conditions || [])}`;
    return d;
  });
  const probe = dep.spec.template.spec.containers[0].readinessProbe;
  // The Suggestion running, with the assignments the service answered.
  const answered = await until(timeout, `Suggestion ${EXPERIMENT} Running with ${PARALLEL} suggestions from the Goptuna service`, async () => {
    const s = await getOrNull(kube, `${KATIB}/namespaces/${TENANT}/suggestions/${EXPERIMENT}`);
    if (!s) return 'no Suggestion';
    if (!condition(s, 'Running')) return `Suggestion conditions ${JSON.stringify((s.status || {}).conditions || [])}`;
    if ((s.status.suggestions || []).length !== PARALLEL) return `${(s.status.suggestions || []).length} suggestions`;
    return s;
  });
  const byTrial = Object.fromEntries(answered.status.suggestions.map((x) => [x.name, x.parameterAssignments]));
  const calls = (cluster.router.counts.routed[grpcTarget] || 0) - before;
  if (!calls) throw new Error(`katib: no connection to ${grpcTarget} went through the egress proxy (routed: ${JSON.stringify(cluster.router.counts.routed)}, refused: ${JSON.stringify(cluster.router.counts.refused)})`);
  // The first Trials.
  const sel = `labelSelector=${encodeURIComponent(`katib.kubeflow.org/experiment=${EXPERIMENT}`)}`;
  const trials = await until(timeout, `${PARALLEL} Trials of the Experiment`, async () => {
    const items = (await kube.get(`${KATIB}/namespaces/${TENANT}/trials?${sel}`)).items;
    if (items.length !== PARALLEL) return `${items.length} Trials`;
    for (const t of items) {
      if (!controlledBy(t, 'Experiment', exp.metadata.uid)) return `Trial ${t.metadata.name} not controlled by the Experiment`;
      if (!byTrial[t.metadata.name]) return `Trial ${t.metadata.name} is not one of the Suggestion's (${Object.keys(byTrial).join(', ')})`;
      const bad = outside(t.spec.parameterAssignments);
      if (bad) throw new Error(`katib: Trial ${t.metadata.name}: ${bad}`);
      const key = (as) => as.map((a) => `${a.name}=${a.value}`).sort().join(' ');
      if (key(t.spec.parameterAssignments) !== key(byTrial[t.metadata.name])) return `Trial ${t.metadata.name} assignments ${JSON.stringify(t.spec.parameterAssignments)} differ from the Suggestion's`;
    }
    return { items };
  });
  const ns = await kube.get(`/api/v1/namespaces/${TENANT}`);
  const injected = (ns.metadata.labels || {})[INJECTION_LABEL] === 'enabled';
  const seen = [];
  for (const t of trials.items) {
    const name = t.metadata.name;
    const values = Object.fromEntries(t.spec.parameterAssignments.map((a) => [a.name, a.value]));
    const want = `lr=${values.lr} layers=${values.layers}`;
    await until(timeout, `Job ${TENANT}/${name} of Trial ${name} running "${want}"`, async () => {
      const j = await getOrNull(kube, `${BATCH}/namespaces/${TENANT}/jobs/${name}`);
      if (!j) return 'no Job';
      if (!controlledBy(j, 'Trial', t.metadata.uid)) return `Job not controlled by Trial uid ${t.metadata.uid}`;
      const c = j.spec.template.spec.containers.find((x) => x.name === 'training-container');
      const cmd = [...(c.command || []), ...(c.args || [])].join(' ');
      if (!cmd.includes(want) || cmd.includes('${trialParameters')) throw new Error(`katib: Job ${name}'s command is "${cmd}", not one with "${want}"`);
      return j;
    });
    let sidecar = 'no pod check (the tenant namespace has no injection label)';
    if (injected) {
      // The Job's pod as the real Pod mutator admitted it (kwok then plays its phases).
      const pod = await until(timeout, `the pod of Job ${name} with the ${SIDECAR} sidecar`, async () => {
        const pods = (await kube.get(`/api/v1/namespaces/${TENANT}/pods?labelSelector=${encodeURIComponent(`batch.kubernetes.io/job-name=${name}`)}`)).items;
        if (!pods.length) return 'no pod';
        const p = pods[0];
        const mc = p.spec.containers.find((x) => x.name === SIDECAR);
        if (!mc) throw new Error(`katib: the pod ${p.metadata.name} of Trial ${name} has no ${SIDECAR} container: ${p.spec.containers.map((x) => x.name).join(', ')}`);
        if (mc.image !== img.collector) throw new Error(`katib: ${SIDECAR} image ${mc.image}, not katib-config's ${img.collector}`);
        const tc = p.spec.containers.find((x) => x.name === 'training-container');
        const cmd = [...(tc.command || []), ...(tc.args || [])].join(' ');
        if (!cmd.includes(REDIRECT) || !cmd.includes(want)) throw new Error(`katib: the training container of ${p.metadata.name} runs "${cmd}", not its command with "${REDIRECT}"`);
        return p;
      });
      sidecar = `pod ${pod.metadata.name} with ${SIDECAR} (${img.collector}) and its output redirected`;
    }
    seen.push(`${name} (${want}; Job; ${sidecar})`);
  }
  const cleaned = await cleanUp({ kube, controllers, timeout });
  return `Experiment ${TENANT}/${EXPERIMENT} (${ALGORITHM}${leftover.existed ? ', after deleting a leftover one' : ''}): Suggestion controlled by it; `
    + `Deployment ${SUGGESTION} (image ${dep.spec.template.spec.containers[0].image}, ${probe && probe.grpc ? 'gRPC' : 'no'} readiness probe) `
    + `and Service ${SUGGESTION} (${svc.spec.ports.map((p) => `${p.name}:${p.port}`).join(', ')}) controlled by the Suggestion; `
    + `the real Goptuna service ran for it and answered ${PARALLEL} assignments (${calls} gRPC connections to ${grpcTarget} through the egress proxy); `
    + `Trials ${seen.join(', ')}; then the Experiment deleted and everything it made gone, the suggestion process stopped `
    + `(${cleaned.finalizers} Trial finalizers ${DB_FINALIZER} removed for the DB manager that does not run)`;
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
  const msg = statusMessage(r) || '';
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
    adapt: async (args, { mounts, env, egressProxy }) => {
      const certs = mounts.find(([m]) => m === '/tmp/cert');
      if (!certs) throw new Error('katib: the Deployment no longer mounts its webhook cert at /tmp/cert');
      // Its gRPC to `<suggestion>.<namespace>:6789` goes through the router (see the header);
      // the API server (127.0.0.1) not: Go never proxies loopback, and NO_PROXY says so too.
      Object.assign(env, { HTTPS_PROXY: `http://127.0.0.1:${await egressProxy()}`, NO_PROXY: '127.0.0.1,localhost' });
      // The webhook server's cert dir is a constant upstream: point it at the mount's copy.
      return [...args, `--cert-dir=${certs[1]}`];
    },
  }, {
    // The Suggestion's Deployment, which katib-controller creates for the story's Experiment: a
    // kubelet would run its pod, so the harness runs the real service for it (controllers.js).
    deployment: `${TENANT}/${SUGGESTION}`,
    container: 'suggestion',
    binary: 'suggestion-goptuna',
    created: true,
    ports: { [SUGGESTION_PORT_NAME]: (p) => `--addr=127.0.0.1:${p}` },
  }],
  stories: [
    { name: 'a Katib Experiment (sobol) creates its Suggestion, whose real Goptuna service gives its first Trials their parameters', run: experimentCreatesTrials },
    { name: 'the Katib webhook rejects an invalid Experiment', run: webhookRejectsInvalidExperiment },
  ],
};
