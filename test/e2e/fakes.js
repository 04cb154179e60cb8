'use strict';
// Test-only stand-ins for what a real cluster has and this one cannot (see README.md, "Fakes").
// None of it touches the platform's output: it only acts on the live objects of the throwaway
// control plane.
//
// 1. Webhook server: kwok pods serve nothing, so every admission webhook and CRD conversion
//    webhook whose server does not run as a real process would fail. webhooks.js routes those
//    connections to this one HTTPS server, which allows every AdmissionReview (no patch) and
//    converts ConversionReviews by rewriting apiVersion. Its certificate covers
//    `*.<namespace>.svc`, signed by the test CA; but where real cert-manager runs and the
//    service's CA bundle comes from a Certificate (cert-manager.io/inject-ca-from, injected by the
//    real cainjector), it serves that Certificate's issued key pair, read from the cluster.
// 2. CA bundle injector: stands in for the self-signing webhooks of istiod, Knative, the Spark and
//    Trainer operators: puts the test CA into every webhook configuration, CRD conversion webhook
//    and APIService that points at a service and carries no cert-manager inject annotation (those
//    are the real cainjector's). Where cert-manager is faked (realCertManager false) it stands in
//    for cainjector too: an object annotated cert-manager.io/inject-ca-from waits for that
//    Certificate, then gets the test CA.
// 2b. cert-manager, where it is faked: Certificates, Issuers and ClusterIssuers get a Ready condition.
// 3. Volume provisioner: binds every pending PersistentVolumeClaim to a new hostPath
//    PersistentVolume (reclaim policy Retain), as a cluster's default storage class would.
// 4. Load balancer: gives every Service of type LoadBalancer an address in its status.
const https = require('https');
const tls = require('tls');

class Fakes {
  constructor({ dir, caPem, certPem, keyPem, certFor, log }) {
    this.certFor = certFor;
    this.contexts = new Map();
    this.dir = dir;
    this.caB64 = Buffer.from(caPem).toString('base64');
    this.cert = certPem;
    this.key = keyPem;
    this.log = log;
    // Set by controllers.js while the real cert-manager runs (see the header).
    this.realCertManager = false;
    // `namespace/service` of self-signing webhooks whose real process writes its own CA bundle
    // (a real component's `injectsOwnCa`, set by controllers.js): the fake injector leaves them alone.
    this.ownCa = new Set();
    // `<service>.<namespace>.svc` -> `namespace/certificate` of its inject-ca-from annotation.
    this.issuedFor = new Map();
    this.issuedContexts = new Map();
    this.kube = null;
    this.stops = [];
    this.counts = { admission: 0, conversion: 0, caInjected: 0, issuedCertServed: 0, certManagerReady: 0, volumes: 0, loadBalancers: 0 };
    this.errors = [];
  }

  /** The secure context of the Certificate a service's CA bundle came from, or null. */
  async issuedContext(servername) {
    if (!this.realCertManager || !this.kube || !this.issuedFor.has(servername)) return null;
    const [ns, name] = this.issuedFor.get(servername).split('/');
    const cert = await this.kube.get(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}`).catch(() => null);
    if (!cert) return null;
    const secret = await this.kube.get(`/api/v1/namespaces/${ns}/secrets/${cert.spec.secretName}`).catch(() => null);
    const data = (secret && secret.data) || {};
    if (!data['tls.crt'] || !data['tls.key']) return null;
    const key = `${secret.metadata.uid}/${secret.metadata.resourceVersion}`;
    if (!this.issuedContexts.has(key)) this.issuedContexts.set(key, tls.createSecureContext({ cert: Buffer.from(data['tls.crt'], 'base64'), key: Buffer.from(data['tls.key'], 'base64') }));
    this.counts.issuedCertServed++;
    return this.issuedContexts.get(key);
  }

  async listen() {
    // SNI is `<service>.<namespace>.svc`: answer with the issued key pair (see issuedContext),
    // else with a test-CA certificate for `*.<namespace>.svc`.
    const SNICallback = (servername, cb) => {
      const m = /^[^.]+\.([^.]+)\.svc$/.exec(servername || '');
      if (!m) return cb(null, null);
      this.issuedContext(servername).then((issued) => {
        if (issued) return cb(null, issued);
        if (!this.contexts.has(m[1])) this.contexts.set(m[1], tls.createSecureContext(this.certFor(m[1])));
        cb(null, this.contexts.get(m[1]));
      }).catch((e) => cb(e));
    };
    this.webhook = https.createServer({ cert: this.cert, key: this.key, SNICallback }, (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        let review;
        try { review = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.writeHead(400); res.end(); return; }
        let out;
        if (review.kind === 'ConversionReview') {
          this.counts.conversion++;
          const r = review.request;
          out = { apiVersion: review.apiVersion, kind: 'ConversionReview', response: { uid: r.uid, result: { status: 'Success' }, convertedObjects: r.objects.map((o) => ({ ...o, apiVersion: r.desiredAPIVersion })) } };
        } else {
          this.counts.admission++;
          out = { apiVersion: review.apiVersion || 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request && review.request.uid, allowed: true } };
        }
        const body = JSON.stringify(out);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    await new Promise((r) => this.webhook.listen(0, '127.0.0.1', r));
    this.port = this.webhook.address().port;
  }

  /** Starts the CA injector, the volume provisioner and the load balancer (watches). */
  startControllers(kube) {
    this.kube = kube;
    // A watch of a custom resource fails with 404 until its CRD exists: not an error.
    const err = (what) => (e) => { if (e.status !== 404) this.errors.push(`${what}: ${e.message}`); };
    // As cainjector: an object annotated cert-manager.io/inject-ca-from gets its CA only once that
    // Certificate exists; objects without it stand for components that inject their own CA
    // (istiod, Knative, Spark, Trainer, cert-manager's webhook) and get it at once.
    const pending = new Map();
    const sourceReady = async (o) => {
      const a = o.metadata.annotations || {};
      const ref = (x) => { const [ns, name] = x.split('/'); return { ns, name }; };
      if (a['cert-manager.io/inject-ca-from']) {
        const { ns, name } = ref(a['cert-manager.io/inject-ca-from']);
        return (await kube.raw('GET', `/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}`)).status === 200;
      }
      // inject-ca-from-secret (cert-manager's own webhook) names a secret the webhook makes
      // itself when it starts: like objects without the annotation, injected at once.
      return true;
    };
    const CM_ANNOTATIONS = ['cert-manager.io/inject-ca-from', 'cert-manager.io/inject-ca-from-secret'];
    // Remembers which Certificate a service's CA bundle comes from (for the fake server's key
    // pair); true when a real process owns this object's CA bundle (cainjector, or a
    // self-signing webhook listed in ownCa).
    const cainjectorOwns = (o, services) => {
      const a = (o.metadata.annotations || {});
      const from = a['cert-manager.io/inject-ca-from'];
      if (from) for (const s of services) if (s && s.name) this.issuedFor.set(`${s.name}.${s.namespace}.svc`, from);
      if (services.some((s) => s && this.ownCa.has(`${s.namespace}/${s.name}`))) return true;
      return this.realCertManager && CM_ANNOTATIONS.some((k) => a[k]);
    };
    const injectWhenReady = (key, o, doInject) => {
      const attempt = async () => {
        if (!(await sourceReady(o))) { pending.set(key, attempt); return; }
        pending.delete(key);
        await doInject();
        this.counts.caInjected++;
      };
      return attempt();
    };
    const retry = setInterval(() => { for (const f of [...pending.values()]) f().catch(err('inject retry')); }, 2000);
    this.stops.push(() => clearInterval(retry));
    const inject = (kind, base) => async (type, o) => {
      const key = `${kind}/${o.metadata.name}`;
      if (type === 'DELETED') { pending.delete(key); return; }
      if (cainjectorOwns(o, (o.webhooks || []).map((w) => w.clientConfig && w.clientConfig.service))) { pending.delete(key); return; }
      const ops = [];
      (o.webhooks || []).forEach((w, i) => {
        if (w.clientConfig && w.clientConfig.service && w.clientConfig.caBundle !== this.caB64) {
          ops.push({ op: 'test', path: `/webhooks/${i}/name`, value: w.name }, { op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: this.caB64 });
        }
      });
      if (ops.length) await injectWhenReady(key, o, () => kube.jsonPatch(`${base}/${o.metadata.name}?fieldManager=e2e-fake-cainjector`, ops).catch(err(`inject ${key}`)));
    };
    const admreg = '/apis/admissionregistration.k8s.io/v1';
    this.stops.push(kube.watch(`${admreg}/mutatingwebhookconfigurations`, inject('mutatingwebhookconfiguration', `${admreg}/mutatingwebhookconfigurations`), err('watch mutating')));
    this.stops.push(kube.watch(`${admreg}/validatingwebhookconfigurations`, inject('validatingwebhookconfiguration', `${admreg}/validatingwebhookconfigurations`), err('watch validating')));
    const crds = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    this.stops.push(kube.watch(crds, async (type, o) => {
      const wh = o.spec && o.spec.conversion && o.spec.conversion.webhook;
      if (type === 'DELETED' || !wh || !wh.clientConfig || !wh.clientConfig.service || wh.clientConfig.caBundle === this.caB64) return;
      if (cainjectorOwns(o, [wh.clientConfig.service])) return;
      await injectWhenReady(`crd/${o.metadata.name}`, o, () => kube.jsonPatch(`${crds}/${o.metadata.name}?fieldManager=e2e-fake-cainjector`, [{ op: 'add', path: '/spec/conversion/webhook/clientConfig/caBundle', value: this.caB64 }]).catch(err(`inject crd/${o.metadata.name}`)));
    }, err('watch crds')));
    const apisvc = '/apis/apiregistration.k8s.io/v1/apiservices';
    this.stops.push(kube.watch(apisvc, async (type, o) => {
      if (type === 'DELETED' || !o.spec.service || o.spec.caBundle === this.caB64) return;
      if (cainjectorOwns(o, [o.spec.service])) return;
      await injectWhenReady(`apiservice/${o.metadata.name}`, o, () => kube.mergePatch(`${apisvc}/${o.metadata.name}?fieldManager=e2e-fake-cainjector`, { spec: { caBundle: this.caB64, insecureSkipTLSVerify: null } }).catch(err(`inject apiservice/${o.metadata.name}`)));
    }, err('watch apiservices')));

    // Where cert-manager's controller does not run: Certificates, Issuers and ClusterIssuers become Ready.
    for (const plural of ['certificates', 'issuers', 'clusterissuers']) {
      const base = `/apis/cert-manager.io/v1/${plural}`;
      this.stops.push(kube.watch(base, async (type, o) => {
        if (type === 'DELETED' || this.realCertManager) return;
        if (((o.status || {}).conditions || []).some((c) => c.type === 'Ready' && c.status === 'True')) return;
        const ns = o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : '';
        const cond = { type: 'Ready', status: 'True', reason: 'E2EFake', message: 'kubeflow-iac e2e fake cert-manager', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), observedGeneration: o.metadata.generation };
        await kube.mergePatch(`/apis/cert-manager.io/v1${ns}/${plural}/${o.metadata.name}/status`, { status: { conditions: [cond] } }).catch(err(`ready ${plural}/${o.metadata.name}`));
        this.counts.certManagerReady++;
      }, err(`watch ${plural}`)));
    }

    this.stops.push(kube.watch('/api/v1/persistentvolumeclaims', async (type, pvc) => {
      if (type === 'DELETED' || pvc.spec.volumeName || pvc.status.phase !== 'Pending') return;
      const ns = pvc.metadata.namespace;
      const name = `e2e-${ns}-${pvc.metadata.name}`.slice(0, 253);
      const pv = {
        apiVersion: 'v1', kind: 'PersistentVolume',
        metadata: { name, labels: { 'kubeflow-iac-e2e/fake-provisioner': 'true' } },
        spec: {
          capacity: { storage: (pvc.spec.resources.requests || {}).storage || '1Gi' },
          accessModes: pvc.spec.accessModes || ['ReadWriteOnce'],
          volumeMode: pvc.spec.volumeMode || 'Filesystem',
          storageClassName: pvc.spec.storageClassName || '',
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ns, name: pvc.metadata.name, uid: pvc.metadata.uid },
          hostPath: { path: `/tmp/kubeflow-iac-e2e-volumes/${name}` },
        },
      };
      try { await kube.create(pv); this.counts.volumes++; } catch (e) { if (e.status !== 409) err(`provision ${ns}/${pvc.metadata.name}`)(e); }
    }, err('watch pvcs')));

    this.stops.push(kube.watch('/api/v1/services', async (type, svc) => {
      if (type === 'DELETED' || svc.spec.type !== 'LoadBalancer' || ((svc.status.loadBalancer || {}).ingress || []).length) return;
      const ns = svc.metadata.namespace;
      await kube.mergePatch(`/api/v1/namespaces/${ns}/services/${svc.metadata.name}/status`, { status: { loadBalancer: { ingress: [{ ip: '192.0.2.250' }] } } }).catch(err(`lb ${ns}/${svc.metadata.name}`));
      this.counts.loadBalancers++;
    }, err('watch services')));
  }

  async close() {
    for (const s of this.stops) s();
    this.stops = [];
    await Promise.all([this.webhook].filter(Boolean).map((s) => new Promise((r) => { s.close(() => r()); if (s.closeAllConnections) s.closeAllConnections(); })));
  }
}

module.exports = { Fakes };
