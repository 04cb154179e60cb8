'use strict';
// The Spark operator's user story (issue 18), run after each release's install.sh with the real
// controller and webhook of that release (real/spark.js): "a SparkApplication is admitted and
// picked up".
//
// There is no spark-submit here (no image, no SPARK_HOME: the image sets it, our Deployment does
// not), so the controller's submission fails, as upstream records it: the application goes
// SUBMISSION_FAILED (with the error) and, with restart policy Never, FAILED. What that proves:
// - the real mutating webhook admitted it: fields upstream's defaulting sets and neither our CRD
//   schema nor the fake server would (driver cores 1, memory 1g, restart policy Never);
// - the real validating webhook judges: a spec the schema accepts but upstream's validation does
//   not (a node selector on the application and on the driver) is denied with upstream's message;
// - the controller, with our RBAC, picked it up: a submission (ID, driver pod name, one attempt)
//   and the failure recorded in status, events written in the tenant's namespace;
// - across an upgrade hop, the new controller reconciles what the old one wrote: the application
//   an earlier release's story made gets a spec change (through the new webhook) and the new
//   controller invalidates it and submits it again (a new submission ID).
// Not proven: anything spark-submit does (driver pod, its Services, the pod webhook, executors).
const { statusMessage } = require('./kube');
const { sleep } = require('./cluster');

const API = '/apis/sparkoperator.k8s.io/v1beta2';
const STORY_LABEL = 'e2e.kubeflow-iac.io/story';
const TENANT = 'kubeflow-user-example-com';
const DENIED = 'admission webhook "validate-sparkoperator-k8s-io-v1beta2-sparkapplication.sparkoperator.k8s.io" denied the request: node selector cannot be defined at both SparkApplication and Driver/Executor';
// What the controller records when it cannot run spark-submit (both 2.4 and 2.5).
const NO_SPARK_SUBMIT = 'failed to submit spark application: failed to run spark-submit: env SPARK_HOME is not specified';

/**
 * A namespace the operator manages, from our controller Deployment's --namespaces: with `""`
 * (every namespace, the default) the example tenant's, else the first one listed.
 */
function jobNamespace(objs) {
  const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'spark-operator-controller');
  const arg = ((dep && dep.spec.template.spec.containers[0].args) || []).find((a) => a.startsWith('--namespaces='));
  const list = arg ? arg.slice('--namespaces='.length).split(',').map((s) => s.replace(/^"|"$/g, '')).filter(Boolean) : [];
  return list.length ? list[0] : TENANT;
}

function application(name, namespace, spec = {}) {
  return {
    apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication',
    metadata: { name, namespace, labels: { [STORY_LABEL]: 'spark' } },
    spec: {
      type: 'Scala', mode: 'cluster', sparkVersion: '3.5.5', image: 'docker.io/library/spark:3.5.5',
      mainClass: 'org.apache.spark.examples.SparkPi', mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      // No driver cores/memory and no restart policy: the real webhook's defaulting fills them.
      driver: {}, executor: { instances: 1 },
      ...spec,
    },
  };
}


/** Polls `get` until `done(value)`; throws `what` with the last value after the timeout. */
async function waitFor(what, seconds, get, done) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    last = await get().catch((e) => ({ error: e.message }));
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`spark: ${what} after ${seconds}s; last: ${JSON.stringify(last).slice(0, 800)}`);
    await sleep(1000);
  }
}

/**
 * True once the application was submitted once and failed for want of spark-submit; false while
 * it is on its way; throws when it ended otherwise (FAILED is final with restart policy Never).
 */
function failedSubmission(app, name) {
  const s = (app && app.status) || {};
  const state = s.applicationState || {};
  if (state.state !== 'FAILED') return false;
  const ns = app.metadata.namespace;
  const wrong = (what) => { throw new Error(`spark: ${ns}/${name} FAILED, but ${what}; status: ${JSON.stringify(s).slice(0, 800)}`); };
  if (state.errorMessage !== NO_SPARK_SUBMIT) wrong(`errorMessage ${JSON.stringify(state.errorMessage)}, not ${JSON.stringify(NO_SPARK_SUBMIT)}`);
  if (!s.submissionID) wrong('no submissionID');
  if (s.submissionAttempts !== 1) wrong(`submissionAttempts ${s.submissionAttempts}, not 1`);
  if ((s.driverInfo || {}).podName !== `${name}-driver`) wrong(`driverInfo.podName ${(s.driverInfo || {}).podName}, not ${name}-driver`);
  return true;
}

async function sparkApplicationStory({ kube, release, objs, timeout }) {
  const ns = jobNamespace(objs);
  const apps = `${API}/namespaces/${ns}/sparkapplications`;

  // 1. The real validating webhook denies what upstream's validation rejects (the fake allows it).
  const bad = application('e2e-spark-invalid', ns, { nodeSelector: { disk: 'ssd' }, driver: { nodeSelector: { disk: 'ssd' } } });
  const denied = await waitFor('an invalid SparkApplication was not denied by the real webhook', timeout,
    async () => { const r = await kube.request('POST', `${apps}?dryRun=All`, bad); return { status: r.status, message: statusMessage(r) }; },
    (r) => {
      // Allowed is final (the fake server allows everything); a failed call is retried until the timeout.
      if (r.status < 300) throw new Error(`spark: an invalid SparkApplication was admitted (${r.status}): the real webhook did not judge it`);
      return r.status === 403 && r.message === DENIED;
    });

  // 2. A new application, admitted (defaulted by the real mutating webhook) and picked up.
  const name = `e2e-spark-${release.replace(/^v/, '').replace(/\./g, '-')}`;
  const created = await kube.call('POST', apps, application(name, ns));
  const d = created.spec;
  if (d.driver.cores !== 1 || d.driver.memory !== '1g' || (d.restartPolicy || {}).type !== 'Never') {
    throw new Error(`spark: ${ns}/${name} was not defaulted by the real webhook: driver ${JSON.stringify(d.driver)}, restartPolicy ${JSON.stringify(d.restartPolicy)}`);
  }
  const app = await waitFor(`${ns}/${name} not picked up`, timeout, () => kube.get(`${apps}/${name}`), (a) => failedSubmission(a, name));
  const events = await kube.get(`/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name=${name}`);
  if (!events.items.some((e) => e.reason === 'SparkApplicationSubmissionFailed')) {
    throw new Error(`spark: no SparkApplicationSubmissionFailed event for ${ns}/${name}: ${events.items.map((e) => e.reason).join(', ') || 'no events'}`);
  }

  // 3. What an earlier release's controller wrote: the new one submits it again on a spec change.
  const earlier = (await kube.get(`${apps}?labelSelector=${STORY_LABEL}%3Dspark`)).items.filter((a) => a.metadata.name !== name);
  const reran = [];
  for (const old of earlier) {
    const before = (old.status || {}).submissionID;
    const n = old.metadata.name;
    await kube.mergePatch(`${apps}/${n}`, { spec: { arguments: [`upgraded-to-${release}`] } });
    const now = await waitFor(`${ns}/${n} (written by an earlier release) not submitted again by the ${release} controller`, timeout,
      () => kube.get(`${apps}/${n}`), (a) => a.status && a.status.submissionID !== before && failedSubmission(a, n));
    reran.push(`${n} (submission ${String(before).slice(0, 8)} -> ${now.status.submissionID.slice(0, 8)})`);
  }
  return `${ns}: real webhook denied a node selector conflict ("${denied.message.split(': ').pop()}") and defaulted ${name} (driver 1 core, 1g, restart Never); ` +
    `the controller submitted it (${app.status.submissionID.slice(0, 8)}) and recorded ${app.status.applicationState.state}: no spark-submit here` +
    `${reran.length ? `; re-submitted ${reran.join(', ')}` : ''}`;
}

module.exports = { sparkApplicationStory, jobNamespace, NO_SPARK_SUBMIT, DENIED };
