import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { clusterRole, clusterRoleBinding, rule, serviceAccount as subject } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { SYNC_SCRIPT } from './hook-script';
import { ARTIFACT_SECRET, BASE_LABELS, kfpApp, NAMESPACE } from './names';
import { configHash } from './servers';
import { ObjectStoreWiring } from './settings';
import { tenantObjects, TenantOptions } from './tenant';
import { configMap, deployment, env, fromSecret, kfpContainerSecurity, service, serviceAccount, statefulSet } from './workload';

/** Stands for the tenant namespace in the hook's templates; not a valid namespace name, so it cannot clash. */
export const NAMESPACE_PLACEHOLDER = '__NAMESPACE__';
const HOOK = 'kubeflow-pipelines-profile-controller';
const CRUD = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export interface ProfileHookProps extends Omit<TenantOptions, 'frontendImage' | 'proxyResources'> {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly store: ObjectStoreWiring;
  /** Days before tenant artifacts expire in the in-cluster store; -1 keeps them. */
  readonly artifactRetentionDays: number;
}

/** The access a minted tenant key has: its own prefixes of the bucket, and the shared ones. */
function tenantPolicy(bucket: string): Record<string, unknown> {
  const prefixes = ['artifacts/*', `private-artifacts/${NAMESPACE_PLACEHOLDER}/*`, `private/${NAMESPACE_PLACEHOLDER}/*`, 'shared/*'];
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:Put*', 's3:Get*', 's3:List*'], Resource: prefixes.map((p) => `arn:aws:s3:::${bucket}/${p}`) }],
  };
}

/** What the sync script reads: every tenant object, generated here, with the namespace left open. */
export function hookConfig(props: ProfileHookProps): Record<string, unknown> {
  const { store } = props;
  const days = props.artifactRetentionDays;
  return {
    placeholder: NAMESPACE_PLACEHOLDER,
    credentials: store.tenantCredentials,
    secretName: ARTIFACT_SECRET,
    bucket: store.bucket,
    policy: tenantPolicy(store.bucket),
    lifecycle: days > 0 ? { Rules: [{ ID: 'private-artifacts', Status: 'Enabled', Filter: { Prefix: 'private-artifacts' }, Expiration: { Days: days } }] } : null,
    attachments: tenantObjects(NAMESPACE_PLACEHOLDER, {
      ...props,
      frontendImage: props.images.ref('pipelines/frontend'),
      proxyResources: props.sizing.resources('medium'),
    }),
  };
}

/** The hook server's credentials: the store's admin keys to mint with, or the keys to copy. */
function credentialEnv(store: ObjectStoreWiring): k8s.EnvVar[] {
  if (store.tenantCredentials === 'mint' && store.keys) {
    const base = `http://seaweedfs.${NAMESPACE}`;
    return [
      env('IAM_ENDPOINT', `${base}:8111`),
      env('S3_ENDPOINT', `${base}:8333`),
      fromSecret('AWS_ACCESS_KEY_ID', store.keys.accessKey),
      fromSecret('AWS_SECRET_ACCESS_KEY', store.keys.secretKey),
    ];
  }
  if (store.tenantCredentials === 'copy' && store.keys) return [fromSecret('ACCESS_KEY', store.keys.accessKey), fromSecret('SECRET_KEY', store.keys.secretKey)];
  return [];
}

/**
 * Per-namespace resources for tenants, as upstream makes them: metacontroller watches namespaces
 * labelled `pipelines.kubeflow.org/enabled` and keeps what the sync hook returns.
 */
export class ProfileHook extends Construct {
  constructor(scope: Construct, id: string, props: ProfileHookProps) {
    super(scope, id);
    const { images, sizing, store } = props;

    const mcLabels = { ...BASE_LABELS, 'kustomize.component': 'metacontroller' };
    serviceAccount(this, 'meta-controller-service', mcLabels);
    clusterRole(this, 'kubeflow-metacontroller', [
      rule('', ['namespaces'], ['get', 'list', 'watch', 'update']),
      rule('', ['namespaces/status'], ['get', 'list', 'watch', 'update', 'patch']),
      rule('', ['secrets', 'configmaps'], CRUD),
      rule('apps', ['deployments'], CRUD),
      rule('', ['services'], CRUD),
      rule('networking.istio.io', ['destinationrules'], CRUD),
      rule('security.istio.io', ['authorizationpolicies'], CRUD),
      rule('metacontroller.k8s.io', ['compositecontrollers', 'controllerrevisions', 'decoratorcontrollers'], ['get', 'list', 'watch']),
      rule('', ['events'], ['create', 'patch']),
    ], { labels: mcLabels });
    clusterRoleBinding(this, 'meta-controller-cluster-role-binding', 'kubeflow-metacontroller', [subject(NAMESPACE, 'meta-controller-service')], { labels: mcLabels });
    const health = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromNumber(8081) } });
    statefulSet(this, {
      name: 'metacontroller',
      labels: { app: 'metacontroller', ...mcLabels },
      podLabels: { 'sidecar.istio.io/inject': 'false' },
      serviceAccount: 'meta-controller-service',
      containers: [{
        name: 'metacontroller',
        image: images.ref('pipelines/metacontroller'),
        command: ['/usr/bin/metacontroller'],
        args: ['--zap-log-level=4', '--discovery-interval=3600s'],
        livenessProbe: health('/healthz'),
        readinessProbe: health('/readyz'),
        resources: sizing.resources('large', 'metacontroller/metacontroller'),
        securityContext: restrictedContainer({ runAsUser: 1000 }),
      }],
    });

    const labels = kfpApp(HOOK);
    const config = hookConfig(props);
    const code = { 'sync.py': SYNC_SCRIPT, 'hook-config.json': JSON.stringify(config, null, 1) };
    configMap(this, `${HOOK}-code`, labels, code);
    deployment(this, {
      name: HOOK,
      labels,
      replicas: sizing.replicas, // stateless: metacontroller calls any replica
      podLabels: { 'sidecar.istio.io/inject': 'false' },
      podAnnotations: configHash(code),
      volumes: [{ name: 'hooks', configMap: { name: `${HOOK}-code` } }],
      containers: [{
        name: 'profile-controller',
        image: images.ref('pipelines/kubectl'),
        command: ['python', '/hooks/sync.py'],
        env: [env('PORT', 8080), env('PYTHONDONTWRITEBYTECODE', 1), ...credentialEnv(store)],
        ports: [{ containerPort: 8080 }],
        resources: sizing.resources('small'),
        securityContext: kfpContainerSecurity(),
        volumeMounts: [{ name: 'hooks', mountPath: '/hooks' }],
      }],
    });
    service(this, HOOK, labels, labels, [{ name: 'http', port: 80, target: 8080 }]);

    const strategy = (apiVersion: string, resource: string, method: 'OnDelete' | 'InPlace') => ({ apiVersion, resource, updateStrategy: { method } });
    // A cluster-scoped kind: upstream gives it a namespace, which the API server ignores.
    new ApiObject(this, 'DecoratorController', {
      apiVersion: 'metacontroller.k8s.io/v1alpha1',
      kind: 'DecoratorController',
      metadata: { name: HOOK, labels: { ...labels } },
      spec: {
        resources: [{ apiVersion: 'v1', resource: 'namespaces', labelSelector: { matchLabels: { 'pipelines.kubeflow.org/enabled': 'true' } } }],
        // Keys and settings are made once (OnDelete); workloads follow the hook (InPlace). Istio
        // kinds stay listed so objects older hooks made are still owned and cleaned up.
        attachments: [
          strategy('v1', 'secrets', 'OnDelete'),
          strategy('v1', 'configmaps', 'OnDelete'),
          strategy('apps/v1', 'deployments', 'InPlace'),
          strategy('v1', 'services', 'InPlace'),
          strategy('networking.istio.io/v1alpha3', 'destinationrules', 'InPlace'),
          strategy('security.istio.io/v1beta1', 'authorizationpolicies', 'InPlace'),
        ],
        hooks: { sync: { webhook: { url: `http://${HOOK}.${NAMESPACE}/sync` } } },
        resyncPeriodSeconds: 3600,
      },
    });
  }
}
