import { RELEASES } from '../catalog';
import { EphemeralSecretStore } from '../core/secrets';
import { KubeflowPlatform } from '../platform/platform';
import { loadConfigWithTenants } from '../tenants/load-config';
import { DATA_KINDS, isRetained, objectKey, PRUNE_KEEPS, pulumiName, refOf, refText, REMOVAL_COST, UID_KEPT_KINDS } from '.';

const m = (apiVersion: string, kind: string, name: string, namespace?: string) => ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });

describe('identity', () => {
  test('the key has group, kind, namespace and name, and no version', () => {
    expect(objectKey(m('apps/v1', 'Deployment', 'x', 'kubeflow'))).toBe('apps/Deployment/kubeflow/x');
    expect(objectKey(m('v1', 'Namespace', 'kubeflow'))).toBe('/Namespace//kubeflow');
    expect(objectKey(m('serving.kserve.io/v1beta1', 'InferenceService', 'a', 'b'))).toBe(objectKey(m('serving.kserve.io/v1', 'InferenceService', 'a', 'b')));
  });

  test('people read Kind namespace/name, or Kind name at cluster scope', () => {
    expect(refText(refOf(m('apps/v1', 'Deployment', 'x', 'kubeflow')))).toBe('Deployment kubeflow/x');
    expect(refText(refOf(m('rbac.authorization.k8s.io/v1', 'ClusterRole', 'kubeflow-admin')))).toBe('ClusterRole kubeflow-admin');
  });

  // Pulumi names have no group (the first stacks were made so): the platform must never emit two
  // objects that differ only by group, or one Pulumi resource would stand for both.
  test.each(RELEASES)('%s: every object has its own key and its own Pulumi name', (release) => {
    const config = { ...loadConfigWithTenants(undefined, 'profiles'), release };
    const manifests = new KubeflowPlatform(config, new EphemeralSecretStore()).manifests();
    const dup = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
    expect(dup(manifests.map(objectKey))).toEqual([]);
    expect(dup(manifests.map(pulumiName))).toEqual([]);
    expect(manifests.length).toBeGreaterThan(500);
  });
});

describe('data', () => {
  test('what prune keeps holds data; what keeps its uid includes what prune keeps', () => {
    for (const k of DATA_KINDS) expect(PRUNE_KEEPS).toContain(k);
    for (const k of PRUNE_KEEPS) expect(UID_KEPT_KINDS).toContain(k);
    expect(Object.keys(REMOVAL_COST)).toEqual(UID_KEPT_KINDS);
  });

  test.each([
    [m('v1', 'PersistentVolumeClaim', 'db', 'kubeflow'), new Set<string>(), true],
    [m('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'a.b'), new Set<string>(), true],
    [{ ...m('apps/v1', 'StatefulSet', 'db', 'kubeflow'), metadata: { name: 'db', namespace: 'kubeflow', annotations: { 'kubeflow-iac.io/data-volume': 'true' } } }, new Set<string>(), true],
    [m('v1', 'Namespace', 'team-a'), new Set(['team-a']), true],
    [m('v1', 'Namespace', 'team-b'), new Set(['team-a']), false],
    [m('apps/v1', 'Deployment', 'x', 'kubeflow'), new Set<string>(), false],
  ])('isRetained(%j)', (obj, namespaces, retained) => {
    expect(isRetained(obj, namespaces)).toBe(retained);
  });
});
