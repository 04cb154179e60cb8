import { Construct } from 'constructs';
import { Crd, CrdProps, PrinterColumn } from '../core/crd';
import { array, boolean, conditions, embedded, enumOf, integer, keyRef, map, object, Schema, string } from '../core/schema';

const USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
];

const strings = () => array(string());
const issuerRef = () => object({ name: string(), kind: string(), group: string() }, { required: ['name'] });
const readyColumns = (...middle: PrinterColumn[]): PrinterColumn[] => [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].status' },
  ...middle,
  { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].message', priority: 1 },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];
const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

const x509Subject = object({
  organizations: strings(), countries: strings(), organizationalUnits: strings(), localities: strings(),
  provinces: strings(), streetAddresses: strings(), postalCodes: strings(), serialNumber: string(),
});

const certificateSpec = object({
  secretName: string(),
  issuerRef: issuerRef(),
  commonName: string(),
  dnsNames: strings(),
  ipAddresses: strings(),
  uris: strings(),
  emailAddresses: strings(),
  otherNames: array(object({ oid: string(), utf8Value: string() })),
  literalSubject: string(),
  subject: x509Subject,
  duration: string(),
  renewBefore: string(),
  renewBeforePercentage: integer({ format: 'int32' }),
  isCA: boolean(),
  usages: array(enumOf(USAGES)),
  encodeUsagesInRequest: boolean(),
  revisionHistoryLimit: integer({ format: 'int32' }),
  signatureAlgorithm: enumOf(['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA', 'ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512', 'PureEd25519']),
  privateKey: object({
    algorithm: enumOf(['RSA', 'ECDSA', 'Ed25519']),
    encoding: enumOf(['PKCS1', 'PKCS8']),
    rotationPolicy: enumOf(['Never', 'Always']),
    size: integer(),
  }),
  secretTemplate: object({ annotations: map(), labels: map() }),
  additionalOutputFormats: array(object({ type: enumOf(['DER', 'CombinedPEM']) }, { required: ['type'] })),
  keystores: object({
    jks: object({ create: boolean(), alias: string(), password: string(), passwordSecretRef: keyRef() }, { required: ['create'] }),
    pkcs12: object({ create: boolean(), password: string(), passwordSecretRef: keyRef(), profile: enumOf(['LegacyRC2', 'LegacyDES', 'Modern2023']) }, { required: ['create'] }),
  }),
  nameConstraints: object({
    critical: boolean(),
    permitted: object({ dnsDomains: strings(), emailAddresses: strings(), ipRanges: strings(), uriDomains: strings() }),
    excluded: object({ dnsDomains: strings(), emailAddresses: strings(), ipRanges: strings(), uriDomains: strings() }),
  }),
}, { required: ['issuerRef', 'secretName'] });

const certificateStatus = object({
  conditions: conditions(),
  notBefore: string({ format: 'date-time' }),
  notAfter: string({ format: 'date-time' }),
  renewalTime: string({ format: 'date-time' }),
  revision: integer(),
  nextPrivateKeySecretName: string(),
  lastFailureTime: string({ format: 'date-time' }),
  failedIssuanceAttempts: integer(),
});

const certificateRequestSpec = object({
  request: string({ format: 'byte' }),
  issuerRef: issuerRef(),
  duration: string(),
  isCA: boolean(),
  usages: array(enumOf(USAGES)),
  username: string(),
  uid: string(),
  groups: array(string(), { 'x-kubernetes-list-type': 'atomic' }),
  extra: map(strings()),
}, { required: ['issuerRef', 'request'] });

// ACME solvers embed Ingress, Gateway and pod templates; upstream's schema for them is
// thousands of lines of core types, kept free-form here.
const acmeIssuer = object({
  server: string(),
  email: string(),
  privateKeySecretRef: keyRef(),
  solvers: array(embedded()),
  preferredChain: string({ maxLength: 64 }),
  caBundle: string({ format: 'byte' }),
  skipTLSVerify: boolean(),
  externalAccountBinding: object({ keyID: string(), keySecretRef: keyRef(), keyAlgorithm: enumOf(['HS256', 'HS384', 'HS512']) }, { required: ['keyID', 'keySecretRef'] }),
  disableAccountKeyGeneration: boolean(),
  enableDurationFeature: boolean(),
  profile: string(),
}, { required: ['privateKeySecretRef', 'server'] });

const issuerSpec = object({
  acme: acmeIssuer,
  ca: object({ secretName: string(), crlDistributionPoints: strings(), issuingCertificateURLs: strings(), ocspServers: strings() }, { required: ['secretName'] }),
  selfSigned: object({ crlDistributionPoints: strings() }),
  vault: object({
    server: string(), path: string(), namespace: string(), caBundle: string({ format: 'byte' }),
    caBundleSecretRef: keyRef(), clientCertSecretRef: keyRef(), clientKeySecretRef: keyRef(),
    serverName: string(),
    auth: embedded(),
  }, { required: ['auth', 'path', 'server'] }),
  venafi: object({ zone: string(), tpp: embedded(), cloud: embedded() }, { required: ['zone'] }),
});

const issuerStatus = object({
  conditions: conditions(),
  acme: object({ uri: string(), lastRegisteredEmail: string(), lastPrivateKeyHash: string() }),
});

const acmeChallengeSpec = object({
  url: string(), authorizationURL: string(), dnsName: string(), wildcard: boolean(),
  type: enumOf(['HTTP-01', 'DNS-01']), token: string(), key: string(),
  solver: embedded(),
  issuerRef: issuerRef(),
}, { required: ['authorizationURL', 'dnsName', 'issuerRef', 'key', 'solver', 'token', 'type', 'url'] });

const acmeState = enumOf(['valid', 'ready', 'pending', 'processing', 'invalid', 'expired', 'errored']);

const orderSpec = object({
  request: string({ format: 'byte' }),
  issuerRef: issuerRef(),
  commonName: string(),
  dnsNames: strings(),
  ipAddresses: strings(),
  duration: string(),
  profile: string(),
}, { required: ['issuerRef', 'request'] });

const orderStatus = object({
  url: string(), finalizeURL: string(), certificate: string({ format: 'byte' }),
  state: acmeState, reason: string(), failureTime: string({ format: 'date-time' }),
  authorizations: array(embedded()),
});

const v1 = (spec: Schema, status: Schema, printerColumns: PrinterColumn[], required?: string[]) => [
  { name: 'v1', storage: true, spec, status, printerColumns, required },
];

/** cert-manager's six CRDs: certificates, requests, issuers and the ACME orders and challenges. */
export function certManagerCrdProps(): Omit<CrdProps, 'labels'>[] {
  const cm = ['cert-manager'];
  const acme = ['cert-manager', 'cert-manager-acme'];
  return [
    {
      group: 'cert-manager.io', kind: 'CertificateRequest', shortNames: ['cr', 'crs'], categories: cm, scope: 'Namespaced',
      versions: v1(certificateRequestSpec, object({ conditions: conditions(), certificate: string({ format: 'byte' }), ca: string({ format: 'byte' }), failureTime: string({ format: 'date-time' }) }), [
        { name: 'Approved', type: 'string', jsonPath: '.status.conditions[?(@.type == "Approved")].status' },
        { name: 'Denied', type: 'string', jsonPath: '.status.conditions[?(@.type == "Denied")].status' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].status' },
        { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name' },
        { name: 'Requester', type: 'string', jsonPath: '.spec.username' },
        { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].message', priority: 1 },
        age,
      ]),
    },
    {
      group: 'cert-manager.io', kind: 'Certificate', shortNames: ['cert', 'certs'], categories: cm, scope: 'Namespaced',
      versions: v1(certificateSpec, certificateStatus, readyColumns(
        { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
        { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 },
      )),
    },
    {
      group: 'acme.cert-manager.io', kind: 'Challenge', categories: acme, scope: 'Namespaced',
      versions: v1(acmeChallengeSpec, object({ processing: boolean(), presented: boolean(), reason: string(), state: acmeState }), [
        { name: 'State', type: 'string', jsonPath: '.status.state' },
        { name: 'Domain', type: 'string', jsonPath: '.spec.dnsName' },
        { name: 'Reason', type: 'string', jsonPath: '.status.reason', priority: 1 },
        age,
      ], ['metadata', 'spec']),
    },
    { group: 'cert-manager.io', kind: 'ClusterIssuer', shortNames: ['ciss'], categories: cm, scope: 'Cluster', versions: v1(issuerSpec, issuerStatus, readyColumns(), ['spec']) },
    { group: 'cert-manager.io', kind: 'Issuer', shortNames: ['iss'], categories: cm, scope: 'Namespaced', versions: v1(issuerSpec, issuerStatus, readyColumns(), ['spec']) },
    {
      group: 'acme.cert-manager.io', kind: 'Order', categories: acme, scope: 'Namespaced',
      versions: v1(orderSpec, orderStatus, [
        { name: 'State', type: 'string', jsonPath: '.status.state' },
        { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 },
        { name: 'Reason', type: 'string', jsonPath: '.status.reason', priority: 1 },
        age,
      ], ['metadata', 'spec']),
    },
  ];
}

/** The CRDs; upstream keeps them on uninstall, and so do we. */
export function certManagerCrds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  return certManagerCrdProps().map((props) => new Crd(scope, props.kind, { ...props, labels, annotations: { 'helm.sh/resource-policy': 'keep' } }));
}
