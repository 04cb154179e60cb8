'use strict';
// cert-manager for real (README.md, "Real controllers"): its controller, webhook and cainjector,
// built from our small mains on the cert-manager module (build/cert-manager/), at each release's
// pin. The story: every Certificate of the platform is issued with a real key pair, and the real
// webhook denies an invalid Certificate (certificates.js).
const { checkCertificates, checkWebhookRejects } = require('../certificates');

module.exports = {
  name: 'cert-manager',
  pin: (versions) => versions.certManager,
  processes: [
    // The controller and cainjector serve no metrics or healthz here (our mains), so no ports.
    { deployment: 'cert-manager/cert-manager', binary: 'cert-manager-controller', ports: {} },
    {
      deployment: 'cert-manager/cert-manager-webhook', binary: 'cert-manager-webhook',
      ports: { https: (p) => `--secure-port=${p}`, healthcheck: (p) => `--healthz-port=${p}`, 'http-metrics': (p) => `--metrics-listen-address=127.0.0.1:${p}` },
    },
    { deployment: 'cert-manager/cert-manager-cainjector', binary: 'cert-manager-cainjector', ports: {} },
  ],
  stories: [{
    name: 'every Certificate Ready with a real key pair; the webhook denies an invalid one',
    async run({ kube, timeout }) {
      const deadline = Date.now() + timeout * 1000;
      let n;
      // The controller may still be reissuing after a restart: retry until the timeout.
      for (;;) {
        try { n = await checkCertificates(kube); break; } catch (e) { if (Date.now() > deadline) throw e; await new Promise((r) => setTimeout(r, 2000)); }
      }
      const msg = await checkWebhookRejects(kube);
      return `${n} Certificates Ready with issued key pairs (parse, match, signed by their issuer, cover their dnsNames); the webhook denied an invalid Certificate: ${msg}`;
    },
  }],
};
