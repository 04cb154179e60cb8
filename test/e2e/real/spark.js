'use strict';
// The Kubeflow Spark operator for real (issue 18; README.md, "Real controllers", Spark): its
// controller and its admission webhook, both `spark-operator` (upstream's cmd/operator, built
// from the module github.com/kubeflow/spark-operator/v2 at the release's pin: build/spark/),
// run with the args of our Deployments (`controller start ...`, `webhook start ...`).
// The webhook makes its own CA and serving certificate (Secret spark-operator-webhook-certs),
// writes the key pair to its cert dir and patches the CA into our two webhook configurations,
// so the fake CA injector leaves those alone (injectsOwnCa).
const path = require('path');
const { sparkApplicationStory } = require('../spark-story');

// The probe server (controller-runtime's, default :8081 on every interface) is not a container
// port of our Deployments: the kubelet probes it inside the pod. Here the controller and the
// webhook (and other runs on this machine) would share one loopback :8081, and nothing probes
// it, so it is turned off ("0" disables it in controller-runtime).
const NO_PROBE_SERVER = '--health-probe-bind-address=0';
// Where our webhook Deployment mounts its serving-certs emptyDir; the binary writes there by
// default (--webhook-cert-dir), a path this machine does not have, so it gets a dir of its own.
const CERT_DIR = '/etc/k8s-webhook-server/serving-certs';

module.exports = {
  name: 'spark',
  pin: (versions) => versions.spark,
  // The catalog pins the image tag (2.5.0); the Go module is tagged v2.5.0.
  goVersion: (pin) => `v${pin}`,
  processes: [
    {
      deployment: 'kubeflow/spark-operator-controller',
      binary: 'spark-operator',
      ports: { metrics: (p) => `--metrics-bind-address=127.0.0.1:${p}` },
      adapt: (args) => [...args, NO_PROBE_SERVER],
    },
    {
      deployment: 'kubeflow/spark-operator-webhook',
      binary: 'spark-operator',
      ports: { webhook: (p) => `--webhook-port=${p}`, metrics: (p) => `--metrics-bind-address=127.0.0.1:${p}` },
      adapt: (args, { dir }) => [...args, NO_PROBE_SERVER, `--webhook-cert-dir=${path.join(dir, 'root', CERT_DIR)}`],
    },
  ],
  injectsOwnCa: ['kubeflow/spark-operator-webhook-svc'],
  stories: [{ name: 'a SparkApplication is admitted and picked up', run: sparkApplicationStory }],
};
