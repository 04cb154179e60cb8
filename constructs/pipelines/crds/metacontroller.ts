import { Construct } from 'constructs';
import { Crd } from '../../core/crd';
import { array, boolean, embedded, enumOf, integer, map, object, Schema, string } from '../../core/schema';

const GROUP = 'metacontroller.k8s.io';
const ANNOTATIONS = { 'api-approved.kubernetes.io': 'unapproved, request not yet submitted' };

const int32 = () => integer({ format: 'int32' });
const expressions = () => array(object({ key: string(), operator: string(), values: array(string()) }, { required: ['key', 'operator'] }));
const labelSelector = (): Schema => object({ matchLabels: map(), matchExpressions: expressions() }, { 'x-kubernetes-map-type': 'atomic' });

function hook(): Schema {
  return object({
    version: enumOf(['v1', 'v2'], { default: 'v1' }),
    webhook: object({
      url: string(),
      path: string(),
      timeout: string({ format: 'duration' }),
      responseUnMarshallMode: enumOf(['loose', 'strict']),
      etag: object({ enabled: boolean(), cacheTimeoutSeconds: int32(), cacheCleanupSeconds: int32() }),
      service: object({ name: string(), namespace: string(), port: int32(), protocol: string() }, { required: ['name', 'namespace'] }),
    }),
  });
}
const hooks = (names: readonly string[]) => object(Object.fromEntries(names.map((n) => [n, hook()])));

const METHODS = ['OnDelete', 'Recreate', 'InPlace', 'RollingRecreate', 'RollingInPlace'];
function childResource(withChecks: boolean): Schema {
  const statusChecks = object({ conditions: array(object({ type: string(), status: string(), reason: string() }, { required: ['type'] })) });
  return object(
    {
      apiVersion: string(),
      resource: string(),
      updateStrategy: object({ method: enumOf(METHODS), ...(withChecks ? { statusChecks } : {}) }),
    },
    { required: ['apiVersion', 'resource'] },
  );
}

/** Metacontroller's CRDs: the kubeflow-pipelines profile hook is a DecoratorController. */
export function metacontrollerCrds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  const common = { group: GROUP, labels, annotations: ANNOTATIONS };
  return [
    new Crd(scope, 'Crd-CompositeController', {
      ...common,
      kind: 'CompositeController',
      shortNames: ['cc', 'cctl'],
      scope: 'Cluster',
      versions: [{
        name: 'v1alpha1',
        storage: true,
        spec: object(
          {
            parentResource: object(
              { apiVersion: string(), resource: string(), labelSelector: labelSelector(), revisionHistory: object({ fieldPaths: array(string()) }) },
              { required: ['apiVersion', 'resource'] },
            ),
            childResources: array(childResource(true)),
            generateSelector: boolean(),
            resyncPeriodSeconds: int32(),
            hooks: hooks(['customize', 'finalize', 'postUpdateChild', 'preUpdateChild', 'sync']),
          },
          { required: ['parentResource'] },
        ),
        status: { type: 'object' },
      }],
    }),
    new Crd(scope, 'Crd-ControllerRevision', {
      ...common,
      kind: 'ControllerRevision',
      scope: 'Namespaced',
      versions: [{
        name: 'v1alpha1',
        storage: true,
        subresources: { status: true },
        topLevel: {
          parentPatch: embedded(),
          children: array(object({ apiGroup: string(), kind: string(), names: array(string()) }, { required: ['apiGroup', 'kind', 'names'] })),
        },
      }],
    }),
    new Crd(scope, 'Crd-DecoratorController', {
      ...common,
      kind: 'DecoratorController',
      shortNames: ['dec', 'decorators'],
      scope: 'Cluster',
      versions: [{
        name: 'v1alpha1',
        storage: true,
        spec: object(
          {
            resources: array(object(
              {
                apiVersion: string(),
                resource: string(),
                labelSelector: labelSelector(),
                annotationSelector: object({ matchAnnotations: map(), matchExpressions: expressions() }),
              },
              { required: ['apiVersion', 'resource'] },
            )),
            attachments: array(childResource(false)),
            resyncPeriodSeconds: int32(),
            hooks: hooks(['customize', 'finalize', 'sync']),
          },
          { required: ['resources'] },
        ),
        status: { type: 'object' },
      }],
    }),
  ];
}
