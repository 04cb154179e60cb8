'use strict';
// KServe's manager (README.md, "Real controllers", KServe): the InferenceService, TrainedModel and
// InferenceGraph controllers and all their webhooks (pod mutator, defaulter, validators) in one
// process, github.com/kserve/kserve/cmd/manager at the release's pin. Not run: the llmisvc and
// localmodel controllers (out of scope, their webhooks stay faked).
const path = require('path');
const { reconcilesStory, upgradeStory, rejectsStory } = require('../inferenceservice');

// controller-runtime's webhook server reads its key pair from
// filepath.Join(os.TempDir(), "k8s-webhook-server", "serving-certs") and the manager has no flag
// for it; our Deployment mounts the cert-manager Secret exactly there.
const CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

module.exports = {
  name: 'kserve',
  pin: (versions) => versions.kserve,
  notServed: { 'v0.18': 'github.com/kserve/kserve v0.18.x: 403 from the Go module proxy' },
  processes: [{
    deployment: 'kubeflow/kserve-controller-manager',
    container: 'manager',
    binary: 'manager',
    ports: { 'webhook-server': (p) => `--webhook-port=${p}` },
    adapt: (args, { mounts, env }) => {
      // The cert dir: TMPDIR makes os.TempDir() the mount's parent under the process dir, so the
      // server reads the Secret the harness wrote there (a kubelet would mount it at /tmp/...).
      const m = mounts.find(([mountPath]) => mountPath === CERT_DIR);
      if (!m) throw new Error(`kserve: the manager container no longer mounts ${CERT_DIR}; adapt real/kserve.js`);
      env.TMPDIR = path.dirname(path.dirname(m[1]));
      return [
        // Metrics and probes bind fixed ports (8080 via our arg, 8081 by default) that a pod has to
        // itself; here other processes and other runs share the host: any free loopback port.
        ...args.filter((a) => !/^--(metrics-addr|health-probe-addr)=/.test(a)),
        '--metrics-addr=127.0.0.1:0',
        '--health-probe-addr=127.0.0.1:0',
      ];
    },
  }],
  stories: [
    { name: 'an InferenceService (RawDeployment) reconciles to its Deployment and Service', run: reconcilesStory },
    { name: 'the InferenceServices an earlier release wrote are reconciled by this one', run: upgradeStory },
    { name: 'an invalid InferenceService is rejected by the KServe webhook', run: rejectsStory },
  ],
};
