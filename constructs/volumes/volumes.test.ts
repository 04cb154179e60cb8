import { parse } from 'yaml';
import { catalogFor, Release, RELEASES } from '../catalog';
import { rewriteImage } from '../core/images';
import { PlatformConfigInput } from '../config/schema';
import { wireVolumes } from './platform';
import { componentObjects, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';

const platform = (input: PlatformConfigInput): Obj[] => componentObjects(wireVolumes, input);
const container = (objs: Obj[]) => find(objs, 'Deployment', 'volumes-web-app-deployment').spec.template.spec.containers[0];

test('the viewer image reaches the web app through the mirror', () => {
  const env = container(platform({ registry: 'mirror.local' })).env;
  // 26.03.1 brings filebrowser v2.32.0.
  expect(env.find((e: any) => e.name === 'VOLUME_VIEWER_IMAGE')).toEqual({ name: 'VOLUME_VIEWER_IMAGE', value: 'mirror.local/filebrowser/filebrowser:v2.32.0' });
});

test.each(RELEASES)('release %s: the viewer image is the catalog\'s, through the mirror', (release) => {
  const env = container(platform({ release, registry: 'mirror.local' })).env;
  expect(env.find((e: any) => e.name === 'VOLUME_VIEWER_IMAGE')).toEqual({ name: 'VOLUME_VIEWER_IMAGE', value: rewriteImage(catalogFor(release).images['volumes/filebrowser'], 'mirror.local') });
});

test('viewer options shape the PVCViewer template', () => {
  const objs = platform({ components: { volumes: { viewer: { serviceAccountName: 'viewer', rwoScheduling: false, timeout: '2m' } } } });
  const spec = parse(find(objs, 'ConfigMap', 'volumes-web-app-viewer-spec').data['viewer-spec.yaml']);
  expect(spec.podSpec.serviceAccountName).toBe('viewer');
  expect(spec.podSpec.containers[0].image).toBe('$VOLUME_VIEWER_IMAGE');
  expect(spec.networking).toEqual({ targetPort: 8080, basePrefix: '/pvcviewers', rewrite: '/', timeout: '2m' });
  expect(spec.rwoScheduling).toBe(false);
  expect(container(objs).volumeMounts).toEqual([{ mountPath: '/etc/config/viewer-spec.yaml', name: 'viewer-spec', subPath: 'viewer-spec.yaml' }]);
});

test('users get PVC and viewer access through the aggregated roles', () => {
  const objs = platform({});
  expect(find(objs, 'ClusterRole', 'volumes-web-app-kubeflow-volume-ui-edit').metadata.labels).toMatchObject({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit': 'true' });
  expect(find(objs, 'ClusterRole', 'volumes-web-app-kubeflow-volume-ui-view').rules).toEqual([
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['kubeflow.org'], resources: ['pvcviewers'], verbs: ['get', 'list'] },
  ]);
});

test.each(RELEASES)('volumes component snapshot, release %s', (release: Release) => {
  expect(withoutCrdSchemas(platform({ release }))).toMatchSnapshot();
});
