'use strict';
// Knative Serving's controller and webhook for real (issue 18; README.md, "Real controllers").
// Built from knative.dev/serving at the Go module version of the release's pin (build/knative/):
// the webhook is upstream's cmd/webhook; the controller is upstream's cmd/controller wiring with
// the health-probe port made a flag (build/knative/src/controller/main.go says why).
// Not run: the activator, autoscaler and net-istio. So a Route (and its KIngress) never becomes
// Ready and a Revision never becomes Ready (nothing scales it or reports its pods); what is
// asserted is what the controller itself makes: the Revision and its Deployment.
const stories = require('../knative-stories');

// Every port these processes bind is set by env (WEBHOOK_PORT, PROFILING_PORT,
// METRICS_PROMETHEUS_PORT; knative.dev/pkg reads them) or, for the controller's probes, by our
// main's flag: the harness gives each a free port, so two runs or two releases never collide on
// the Deployment's fixed 8443/8008/9090/8080.
const env = (name) => (p) => ({ env: { [name]: String(p) } });
const common = { metrics: env('METRICS_PROMETHEUS_PORT'), profiling: env('PROFILING_PORT') };

// Knative 1.22 (knative.dev/serving v0.49, its knative.dev/pkg) refuses to start on a Kubernetes
// older than v1.34.0; the test's kube-apiserver is v1.33.13 (the schema the platform targets).
// KUBERNETES_MIN_VERSION is the override its own error message names. A harness adaptation, not
// a fix: on a real 1.33 cluster 26.03.1's Knative pods would exit at start (README, "Known gaps").
const MIN_KUBE = { 'v0.49': 'v1.33.0' };
const adapt = (args, { env: e, version }) => {
  const min = MIN_KUBE[version.split('.').slice(0, 2).join('.')];
  if (min) e.KUBERNETES_MIN_VERSION = min;
  return args;
};

module.exports = {
  name: 'knative',
  pin: (versions) => versions.knative,
  // Knative's release 1.m.p is Go module knative.dev/serving v0.(m+27).p (1.16.2 -> v0.43.2).
  goVersion: (pin) => {
    const [major, minor, patch] = pin.replace(/^v/, '').split('.').map(Number);
    if (major !== 1) throw new Error(`knative ${pin}: no known Go module version for major ${major}`);
    return `v0.${minor + 27}.${patch}`;
  },
  processes: [
    {
      deployment: 'knative-serving/controller',
      container: 'controller',
      binary: 'controller',
      ports: { ...common, probes: (p) => `--probes-port=${p}` },
      adapt,
    },
    {
      deployment: 'knative-serving/webhook',
      container: 'webhook',
      binary: 'webhook',
      ports: { ...common, 'https-webhook': env('WEBHOOK_PORT') },
      adapt,
    },
  ],
  // The webhook makes its own CA and serving certificate (Secret webhook-certs) and writes the CA
  // into its webhook configurations itself.
  injectsOwnCa: ['knative-serving/webhook'],
  stories: stories.STORIES,
};
