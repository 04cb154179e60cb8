'use strict';
// The user story of real cert-manager, asserted on the live cluster (README.md, "Real
// controllers"): every Certificate of the platform is Ready with a real key pair issued by
// cert-manager's controller, and cert-manager's real webhook answers admission calls.
const { statusMessage } = require('./kube');
const crypto = require('crypto');

const CM = '/apis/cert-manager.io/v1';
const pem = (b64) => Buffer.from(b64, 'base64');

/**
 * Every Certificate is Ready (set by cert-manager, not by the fakes) and its Secret holds a key
 * pair that parses, matches, is signed by the issuer's CA and covers the dnsNames. Returns how
 * many were checked.
 */
async function checkCertificates(kube, { clusterResourceNamespace = 'cert-manager' } = {}) {
  const certs = (await kube.get(`${CM}/certificates`)).items;
  const problems = [];
  for (const c of certs) {
    const id = `Certificate ${c.metadata.namespace}/${c.metadata.name}`;
    const ready = ((c.status || {}).conditions || []).find((x) => x.type === 'Ready');
    if (!ready || ready.status !== 'True') { problems.push(`${id} not Ready: ${ready ? `${ready.reason}: ${ready.message}` : 'no condition'}`); continue; }
    if (ready.reason === 'E2EFake') { problems.push(`${id} Ready only by the fake`); continue; }
    const secret = await kube.get(`/api/v1/namespaces/${c.metadata.namespace}/secrets/${c.spec.secretName}`).catch(() => null);
    const data = (secret && secret.data) || {};
    if (!data['tls.crt'] || !data['tls.key']) { problems.push(`${id}: Secret ${c.spec.secretName} has no tls.crt/tls.key`); continue; }
    let x509;
    try {
      x509 = new crypto.X509Certificate(pem(data['tls.crt']));
      if (!x509.checkPrivateKey(crypto.createPrivateKey(pem(data['tls.key'])))) problems.push(`${id}: tls.crt does not match tls.key`);
    } catch (e) { problems.push(`${id}: tls.crt/tls.key do not parse: ${e.message}`); continue; }
    const san = (x509.subjectAltName || '').split(', ');
    for (const n of c.spec.dnsNames || []) if (!san.includes(`DNS:${n}`)) problems.push(`${id}: tls.crt does not cover ${n} (SAN ${x509.subjectAltName})`);
    const ca = await issuerCa(kube, c, clusterResourceNamespace);
    if (ca.error) problems.push(`${id}: ${ca.error}`);
    else if (!x509.verify(ca.key)) problems.push(`${id}: tls.crt is not signed by the CA of ${ca.what}`);
  }
  if (problems.length) throw new Error(`cert-manager: ${problems.length} problems with ${certs.length} Certificates:\n  ${problems.join('\n  ')}`);
  return certs.length;
}

/** The public key that must have signed a Certificate: its issuer's CA (or itself, self-signed). */
async function issuerCa(kube, c, clusterResourceNamespace) {
  const ref = c.spec.issuerRef;
  const cluster = ref.kind === 'ClusterIssuer';
  const what = `${ref.kind || 'Issuer'} ${ref.name}`;
  const issuer = await kube.get(cluster ? `${CM}/clusterissuers/${ref.name}` : `${CM}/namespaces/${c.metadata.namespace}/issuers/${ref.name}`).catch(() => null);
  if (!issuer) return { error: `${what} not found` };
  if (issuer.spec.selfSigned) {
    const s = await kube.get(`/api/v1/namespaces/${c.metadata.namespace}/secrets/${c.spec.secretName}`);
    return { what: `${what} (self-signed)`, key: new crypto.X509Certificate(pem(s.data['tls.crt'])).publicKey };
  }
  if (issuer.spec.ca) {
    const ns = cluster ? clusterResourceNamespace : c.metadata.namespace;
    const s = await kube.get(`/api/v1/namespaces/${ns}/secrets/${issuer.spec.ca.secretName}`).catch(() => null);
    if (!s || !s.data || !s.data['tls.crt']) return { error: `${what}: CA Secret ${ns}/${issuer.spec.ca.secretName} has no tls.crt` };
    return { what, key: new crypto.X509Certificate(pem(s.data['tls.crt'])).publicKey };
  }
  return { error: `${what} is neither selfSigned nor ca: cannot check the signature here` };
}

/** What the real webhook must say to a Certificate that names no identity. */
const REJECTED = /admission webhook "webhook\.cert-manager\.io" denied the request: .*at least one of/;

/**
 * cert-manager's validating webhook rejects a Certificate the CRD schema accepts but upstream's
 * validation does not (issuerRef and secretName set, no commonName, dnsNames or other identity):
 * only the real webhook says so (the fake server allows everything). Returns its message.
 */
async function checkWebhookRejects(kube, namespace = 'kubeflow') {
  const body = {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
    metadata: { name: 'e2e-invalid-no-identity', namespace },
    spec: { secretName: 'e2e-invalid-no-identity', issuerRef: { name: 'e2e-none', kind: 'Issuer' } },
  };
  const r = await kube.request('POST', `${CM}/namespaces/${namespace}/certificates?dryRun=All`, body);
  const msg = statusMessage(r);
  if (r.status < 400 || !REJECTED.test(msg || '')) throw new Error(`cert-manager webhook: an invalid Certificate got ${r.status} ${msg}, not a denial by webhook.cert-manager.io`);
  return msg;
}

module.exports = { checkCertificates, checkWebhookRejects };
