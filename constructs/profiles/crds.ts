import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, boolean, embedded, integer, intOrString, map, object, Schema, string } from '../core/schema';
import { metadataLabels, PodDefaultsLayout, ProfilesLayout } from '../catalog/dashboard-features';

// resource.Quantity, as controller-gen writes it.
const QUANTITY = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const quantity = () => intOrString({ pattern: QUANTITY });
const strings = () => array(string());
// controller-gen 0.16 marks references and selectors atomic: a merge replaces them whole.
type Atomic = { readonly 'x-kubernetes-map-type'?: 'atomic' };
const atomicIf = (on: boolean): Atomic => (on ? { 'x-kubernetes-map-type': 'atomic' } : {});

const optionalRef = (a: Atomic, ...extra: string[]) =>
  object({ name: string(), optional: boolean(), ...Object.fromEntries(extra.map((k) => [k, string()])) }, { ...(extra.length ? { required: extra } : {}), ...a });

/** rbacv1.Subject: the profile owner. */
const subject = (a: Atomic) => object({ apiGroup: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'], ...a });

const resourceQuotaSpec = (a: Atomic) =>
  object({
    hard: map(quantity()),
    scopeSelector: object({
      matchExpressions: array(object({ operator: string(), scopeName: string(), values: strings() }, { required: ['operator', 'scopeName'] })),
    }, a),
    scopes: strings(),
  });

const profileSpec = (a: Atomic) =>
  object({
    owner: subject(a),
    // A plugin's spec depends on its kind (AwsIamForServiceAccount, WorkloadIdentity, ...).
    plugins: array(object({ apiVersion: string(), kind: string(), spec: embedded() })),
    resourceQuotaSpec: resourceQuotaSpec(a),
  });

const profileStatus = () => object({ conditions: array(object({ message: string(), status: string(), type: string() })) });

const envVar = (a: Atomic) =>
  object(
    {
      name: string(),
      value: string(),
      valueFrom: object({
        configMapKeyRef: optionalRef(a, 'key'),
        fieldRef: object({ apiVersion: string(), fieldPath: string() }, { required: ['fieldPath'], ...a }),
        resourceFieldRef: object({ containerName: string(), divisor: quantity(), resource: string() }, { required: ['resource'], ...a }),
        secretKeyRef: optionalRef(a, 'key'),
      }),
    },
    { required: ['name'] },
  );

const envFromSource = (a: Atomic) => object({ configMapRef: optionalRef(a), prefix: string(), secretRef: optionalRef(a) });

const labelSelector = (a: Atomic) =>
  object({
    matchExpressions: array(object({ key: string(), operator: string(), values: strings() }, { required: ['key', 'operator'] })),
    matchLabels: map(string()),
  }, a);

const volumeMount = () =>
  object(
    { mountPath: string(), mountPropagation: string(), name: string(), readOnly: boolean(), subPath: string(), subPathExpr: string() },
    { required: ['mountPath', 'name'] },
  );

const toleration = () =>
  object({ effect: string(), key: string(), operator: string(), tolerationSeconds: integer({ format: 'int64' }), value: string() });

// Containers and volumes are whole core/v1 types; the API server checks them in the pod.
const named = (): Schema => ({ ...embedded(), properties: { name: string() }, required: ['name'] });

const podDefaultSpec = (a: Atomic): Schema =>
  object(
    {
      annotations: map(string()),
      args: strings(),
      automountServiceAccountToken: boolean(),
      command: strings(),
      desc: string(),
      env: array(envVar(a)),
      envFrom: array(envFromSource(a)),
      imagePullSecrets: array(object({ name: string() }, a)),
      initContainers: array(named()),
      labels: map(string()),
      selector: labelSelector(a),
      serviceAccountName: string(),
      sidecars: array(named()),
      tolerations: array(toleration()),
      volumeMounts: array(volumeMount()),
      volumes: array(named()),
    },
    { required: ['selector'] },
  );

/** The Profile CRD (cluster-scoped; v1 stored, v1beta1 served) and the PodDefault CRD, as the release lays them out. */
export function profilesCrds(scope: Construct, layouts: { profiles: ProfilesLayout; podDefaults: PodDefaultsLayout }): Crd[] {
  const { profiles, podDefaults } = layouts;
  const profileVersion = (name: string, storage: boolean) => ({ name, storage, spec: profileSpec(atomicIf(profiles.crdAtomicMaps)), status: profileStatus() });
  return [new Crd(scope, 'ProfileCrd', {
    group: 'kubeflow.org',
    kind: 'Profile',
    scope: 'Cluster',
    labels: profiles.crdLabels,
    versions: [profileVersion('v1', true), profileVersion('v1beta1', false)],
  }), new Crd(scope, 'PodDefaultCrd', {
    group: 'kubeflow.org',
    kind: 'PodDefault',
    scope: 'Namespaced',
    labels: metadataLabels(podDefaults),
    versions: [{
      name: 'v1alpha1',
      storage: true,
      spec: podDefaultSpec(atomicIf(podDefaults.crdAtomicMaps)),
      // Upstream's status has no fields yet; the API server prunes whatever is written there.
      ...(podDefaults.crdStatusSubresource ? { status: { type: 'object' } } : {}),
    }],
  })];
}
