'use strict';
// Kubeflow Trainer for real (issue 18; README.md, "Real controllers", Trainer): the controller
// manager, whose process also serves the TrainJob/TrainingRuntime webhooks, at the version the
// release catalog pins. The main is ours (build/trainer/src/trainer-controller-manager), on
// upstream's packages: upstream's reads in-pod paths that no flag moves (see its header).
// JobSet's controller does not run: the JobSet the Trainer creates is what the story checks.

const { statusMessage } = require('../kube');
const { pollUntil } = require('../poll');

const NS = 'kubeflow-system';
const DEPLOYMENT = `${NS}/kubeflow-trainer-controller-manager`;
// The example tenant's namespace (profiles/): TrainJobs are what users create in theirs.
const TENANT = 'kubeflow-user-example-com';
const RUNTIME = 'torch-distributed';
const JOB = 'e2e-torch';
const TRAINER = '/apis/trainer.kubeflow.org/v1alpha1';
const JOBSET = '/apis/jobset.x-k8s.io/v1alpha2';

const until = pollUntil('trainer');

const nodeImage = (spec) => {
  const rj = ((spec && spec.replicatedJobs) || []).find((j) => j.name === 'node');
  const c = rj && rj.template.spec.template.spec.containers.find((x) => x.name === 'node');
  return c && c.image;
};

/**
 * The story: a TrainJob on our torch-distributed ClusterTrainingRuntime gets its JobSet, owned
 * by it, with the runtime's node image. Then its `suspend` is flipped, which the controller must
 * carry to the JobSet (and to the TrainJob's Suspended condition): after an upgrade hop this is
 * the new release's controller reconciling the TrainJob and JobSet the old one wrote, rebuilding
 * the JobSet from the new release's runtime (Trainer rebuilds a JobSet only while suspended or
 * on the way out of it).
 */
async function trainJobCreatesJobSet({ kube, objs, timeout }) {
  const runtime = objs.find((o) => o.kind === 'ClusterTrainingRuntime' && o.metadata.name === RUNTIME);
  if (!runtime) throw new Error(`trainer: the bundle has no ClusterTrainingRuntime ${RUNTIME}`);
  const image = nodeImage(runtime.spec.template.spec);
  const path = `${TRAINER}/namespaces/${TENANT}/trainjobs/${JOB}`;
  let tj = await kube.get(path).catch((e) => { if (e.status === 404) return null; throw e; });
  const created = !tj;
  if (created) {
    tj = await kube.create({
      apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob',
      metadata: { name: JOB, namespace: TENANT },
      spec: { runtimeRef: { name: RUNTIME }, trainer: { numNodes: 1 } },
    });
  }
  const uid = tj.metadata.uid;
  const owned = (js) => (js.metadata.ownerReferences || []).some((r) => r.kind === 'TrainJob' && r.uid === uid && r.controller);
  const jobSet = (want) => async () => {
    const js = await kube.get(`${JOBSET}/namespaces/${TENANT}/jobsets/${JOB}`).catch(() => null);
    if (!js) return 'no JobSet';
    if (!owned(js)) return `JobSet not controlled by TrainJob uid ${uid}: ${JSON.stringify(js.metadata.ownerReferences)}`;
    return want(js);
  };
  await until(timeout, `JobSet ${TENANT}/${JOB} of the TrainJob`, jobSet((js) => js));

  // Flip suspend; the running controller must carry it to the JobSet and to the condition.
  const suspend = !(tj.spec.suspend || false);
  await kube.mergePatch(path, { spec: { suspend } });
  const js = await until(timeout, `JobSet spec.suspend ${suspend} with node image ${image}`, jobSet((j) => {
    if ((j.spec.suspend || false) !== suspend) return `JobSet spec.suspend is ${j.spec.suspend}`;
    if (nodeImage(j.spec) !== image) return `JobSet node image is ${nodeImage(j.spec)}`;
    return j;
  }));
  const cond = await until(timeout, `TrainJob condition Suspended=${suspend ? 'True' : 'False'}`, async () => {
    const t = await kube.get(path);
    const c = ((t.status || {}).conditions || []).find((x) => x.type === 'Suspended');
    return c && c.status === (suspend ? 'True' : 'False') ? c : `conditions ${JSON.stringify((t.status || {}).conditions || [])}`;
  });
  return `TrainJob ${TENANT}/${JOB} (${created ? 'created' : 'from an earlier release'}) on ClusterTrainingRuntime ${RUNTIME}: JobSet owned by it, `
    + `suspend ${suspend} carried to the JobSet (node image ${nodeImage(js.spec)}) and to condition Suspended=${cond.status} (${cond.reason})`;
}

/** What only the real TrainJob webhook says of a TrainJob whose runtime does not exist. */
const REJECTED = /admission webhook "validator\.trainjob\.trainer\.kubeflow\.org" denied the request: .*specified clusterTrainingRuntime must be created before the TrainJob is created/;

/** The CRD schema accepts a TrainJob on a runtime that does not exist; the webhook does not. */
async function webhookRejectsUnknownRuntime({ kube }) {
  const body = {
    apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob',
    metadata: { name: 'e2e-invalid-no-runtime', namespace: TENANT },
    spec: { runtimeRef: { name: 'e2e-no-such-runtime' } },
  };
  const r = await kube.request('POST', `${TRAINER}/namespaces/${TENANT}/trainjobs?dryRun=All`, body);
  const msg = statusMessage(r);
  if (r.status < 400 || !REJECTED.test(msg || '')) throw new Error(`trainer webhook: a TrainJob on a missing runtime got ${r.status} ${msg}, not a denial by validator.trainjob.trainer.kubeflow.org`);
  return `the webhook denied a TrainJob on a missing runtime: ${msg}`;
}

module.exports = {
  name: 'trainer',
  pin: (versions) => versions.trainer,
  processes: [{
    deployment: DEPLOYMENT,
    container: 'manager',
    binary: 'trainer-controller-manager',
    // Our main's flags (upstream binds these from the config file only). v2.2's Deployment names
    // its ports; v2.1's declares none (its Service targets 9443 by number), so the config's
    // port numbers stand for them there.
    ports: {
      webhook: (p) => `--webhook-port=${p}`,
      metrics: (p) => `--metrics-bind-address=127.0.0.1:${p}`,
      health: (p) => `--health-probe-bind-address=127.0.0.1:${p}`,
      9443: (p) => `--webhook-port=${p}`,
      8443: (p) => `--metrics-bind-address=127.0.0.1:${p}`,
      8081: (p) => `--health-probe-bind-address=127.0.0.1:${p}`,
    },
    adapt: (args, { mounts }) => {
      const certs = mounts.find(([m]) => m === '/tmp/k8s-webhook-server/serving-certs');
      if (!certs) throw new Error('trainer: the Deployment no longer mounts its webhook cert at /tmp/k8s-webhook-server/serving-certs');
      return [...args,
        // The rotator's cert dir is a constant upstream: point it (and the webhook server) at the mount's copy.
        `--cert-dir=${certs[1]}`,
        // Upstream reads the in-pod service account namespace file for its Secret and its leader election.
        `--namespace=${NS}`];
    },
  }],
  // The rotator (cert-controller) writes its own CA into both webhook configurations.
  injectsOwnCa: [`${NS}/kubeflow-trainer-controller-manager`],
  stories: [
    { name: 'a TrainJob on one of our ClusterTrainingRuntimes creates its JobSet', run: trainJobCreatesJobSet },
    { name: 'the Trainer webhook rejects a TrainJob on a runtime that does not exist', run: webhookRejectsUnknownRuntime },
  ],
};
