import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, boolean, embedded, integer, intOrString, map, object, Schema, string } from '../core/schema';

// resource.Quantity, as controller-gen writes it.
const QUANTITY = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const quantity = () => intOrString({ pattern: QUANTITY });
const strings = () => array(string());
const optionalRef = (...extra: string[]) =>
  object({ name: string(), optional: boolean(), ...Object.fromEntries(extra.map((k) => [k, string()])) }, extra.length ? { required: extra } : {});

/** rbacv1.Subject: the profile owner. */
const subject = () => object({ apiGroup: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'] });

const resourceQuotaSpec = () =>
  object({
    hard: map(quantity()),
    scopeSelector: object({
      matchExpressions: array(object({ operator: string(), scopeName: string(), values: strings() }, { required: ['operator', 'scopeName'] })),
    }),
    scopes: strings(),
  });

const profileSpec = () =>
  object({
    owner: subject(),
    // A plugin's spec depends on its kind (AwsIamForServiceAccount, WorkloadIdentity, ...).
    plugins: array(object({ apiVersion: string(), kind: string(), spec: embedded() })),
    resourceQuotaSpec: resourceQuotaSpec(),
  });

const profileStatus = () => object({ conditions: array(object({ message: string(), status: string(), type: string() })) });

const envVar = () =>
  object(
    {
      name: string(),
      value: string(),
      valueFrom: object({
        configMapKeyRef: optionalRef('key'),
        fieldRef: object({ apiVersion: string(), fieldPath: string() }, { required: ['fieldPath'] }),
        resourceFieldRef: object({ containerName: string(), divisor: quantity(), resource: string() }, { required: ['resource'] }),
        secretKeyRef: optionalRef('key'),
      }),
    },
    { required: ['name'] },
  );

const envFromSource = () => object({ configMapRef: optionalRef(), prefix: string(), secretRef: optionalRef() });

const labelSelector = () =>
  object({
    matchExpressions: array(object({ key: string(), operator: string(), values: strings() }, { required: ['key', 'operator'] })),
    matchLabels: map(string()),
  });

const volumeMount = () =>
  object(
    { mountPath: string(), mountPropagation: string(), name: string(), readOnly: boolean(), subPath: string(), subPathExpr: string() },
    { required: ['mountPath', 'name'] },
  );

const toleration = () =>
  object({ effect: string(), key: string(), operator: string(), tolerationSeconds: integer({ format: 'int64' }), value: string() });

// Containers and volumes are whole core/v1 types; the API server checks them in the pod.
const named = (): Schema => ({ ...embedded(), properties: { name: string() }, required: ['name'] });

const podDefaultSpec = (): Schema =>
  object(
    {
      annotations: map(string()),
      args: strings(),
      automountServiceAccountToken: boolean(),
      command: strings(),
      desc: string(),
      env: array(envVar()),
      envFrom: array(envFromSource()),
      imagePullSecrets: array(object({ name: string() })),
      initContainers: array(named()),
      labels: map(string()),
      selector: labelSelector(),
      serviceAccountName: string(),
      sidecars: array(named()),
      tolerations: array(toleration()),
      volumeMounts: array(volumeMount()),
      volumes: array(named()),
    },
    { required: ['selector'] },
  );

/** The Profile CRD (cluster-scoped; v1 stored, v1beta1 served) and the PodDefault CRD. */
export function addProfilesCrds(scope: Construct, labels: { profiles: Readonly<Record<string, string>>; podDefaults: Readonly<Record<string, string>> }): void {
  const profileVersion = (name: string, storage: boolean) => ({ name, storage, spec: profileSpec(), status: profileStatus() });
  new Crd(scope, 'ProfileCrd', {
    group: 'kubeflow.org',
    kind: 'Profile',
    scope: 'Cluster',
    labels: labels.profiles,
    versions: [profileVersion('v1', true), profileVersion('v1beta1', false)],
  });
  new Crd(scope, 'PodDefaultCrd', {
    group: 'kubeflow.org',
    kind: 'PodDefault',
    scope: 'Namespaced',
    labels: labels.podDefaults,
    versions: [{ name: 'v1alpha1', storage: true, spec: podDefaultSpec() }],
  });
}
