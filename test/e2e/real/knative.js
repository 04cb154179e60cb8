'use strict';
// Knative Serving's controller and webhook for real (issue 18; README.md, "Real controllers").
// Built from knative.dev/serving at the Go module version of the release's pin (build/knative/):
// the webhook is upstream's cmd/webhook; the controller is upstream's cmd/controller wiring with
// the health-probe port made a flag (build/knative/src/controller/main.go says why).
// Not run: the activator, autoscaler and net-istio. So a Route (and its KIngress) never becomes
// Ready and a Revision never becomes Ready (nothing scales it or reports its pods); what is
// asserted is what the controller itself makes: the Revision and its Deployment.
const stories = require('../knative-stories');
const { freePort } = require('../cluster');

// Ports. Each process binds its webhook or probe port, and a profiling (PROFILING_PORT, default
// 8008) and a Prometheus port (METRICS_PROMETHEUS_PORT, 9090; only when config-observability asks
// for Prometheus), on every interface: the Deployment's fixed ports would collide between two
// releases during a hop and between two e2e runs on one machine. The webhook port (WEBHOOK_PORT,
// env in our Deployment) and the controller's probe port (--probes-port of our main) are the
// harness's routed ports; profiling and metrics get a free port each in adapt, not routed (nothing
// calls them, and the metrics one may never listen, so the harness must not wait for it).
const env = (name) => (p) => ({ env: { [name]: String(p) } });

async function adapt(args, { env: e }) {
  e.PROFILING_PORT = String(await freePort());
  e.METRICS_PROMETHEUS_PORT = String(await freePort());
  return args;
}

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
      ports: { probes: (p) => `--probes-port=${p}` },
      adapt,
    },
    {
      deployment: 'knative-serving/webhook',
      container: 'webhook',
      binary: 'webhook',
      ports: { 'https-webhook': env('WEBHOOK_PORT') },
      adapt,
    },
  ],
  // The webhook makes its own CA and serving certificate (Secret webhook-certs) and writes the CA
  // into its webhook configurations itself.
  injectsOwnCa: ['knative-serving/webhook'],
  stories: stories.STORIES,
};
