import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { restrictedContainer, restrictedPod } from '../core/security';
import { Sizing } from '../core/sizing';
import { ARTIFACT_SECRET, BASE_LABELS, DEFAULT_BUCKET, NAMESPACE } from './names';
import { dataVolume, VolumeOptions } from './storage';
import { deployment, service, serviceAccount, ServicePort } from './workload';

export interface SeaweedfsProps extends VolumeOptions {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** Admin keys of the store; the profile hook uses them to mint per-namespace keys. */
  readonly accessKey: string;
  readonly secretKey: string;
  /** Serve S3 on the `seaweedfs` Service's port 9000 too, as KFP 2.16 clients expect. */
  readonly s3CompatPort: boolean;
  /** Namespace of the ingress gateway's pods, which reach every port. */
  readonly gatewayNamespace: string;
}

export const SEAWEEDFS_PVC = 'seaweedfs-pvc';
const S3 = 8333;

/** Runs SeaweedFS's shell until a check passes, a few times. */
const retry = (what: string, check: string, times: number, pause: number) =>
  `n=0; until ${check}; do n=$((n+1)); [ "$n" -ge ${times} ] && { echo "seaweedfs: ${what} failed"; exit 1; }; sleep ${pause}; done`;
const weed = (cmd: string) => `echo "${cmd}" | /usr/bin/weed shell`;

/** After start: wait for S3, create the bucket, make the admin user from the Secret's keys. */
export function initScript(bucket: string): string {
  return [
    retry('S3 start', `wget -q --spider http://127.0.0.1:${S3}/status`, 60, 2),
    retry('bucket creation', `{ ${weed(`s3.bucket.create --name ${bucket}`)} >/dev/null 2>&1 || true; ${weed('s3.bucket.list')} 2>/dev/null | grep -q ${bucket}; }`, 5, 5),
    retry('admin user', `${weed('s3.configure -user kubeflow-admin -access_key $accesskey -secret_key $secretkey -actions Admin -apply')} >/dev/null`, 5, 5),
    'touch /tmp/initialization-complete',
    '',
  ].join('\n');
}

/** SeaweedFS, KFP's in-cluster object store: S3 and IAM APIs on one PVC. */
export class Seaweedfs extends Construct {
  constructor(scope: Construct, id: string, props: SeaweedfsProps) {
    super(scope, id);
    const labels = { app: 'seaweedfs', ...BASE_LABELS };
    serviceAccount(this, 'seaweedfs', BASE_LABELS);
    new k8s.KubeSecret(this, 'Secret', {
      metadata: { name: ARTIFACT_SECRET, namespace: NAMESPACE, labels: { ...BASE_LABELS } },
      stringData: { accesskey: props.accessKey, secretkey: props.secretKey },
    });
    dataVolume(this, SEAWEEDFS_PVC, BASE_LABELS, props);
    const status = (extra: Partial<k8s.Probe>): k8s.Probe => ({ httpGet: { path: '/status', port: k8s.IntOrString.fromNumber(S3), scheme: 'HTTP' }, failureThreshold: 3, ...extra });
    deployment(this, {
      name: 'seaweedfs',
      labels,
      replicas: 1,
      recreate: true,
      serviceAccount: 'seaweedfs',
      podSecurity: { ...restrictedPod({ fsGroup: 1000 }), fsGroupChangePolicy: 'OnRootMismatch' },
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: SEAWEEDFS_PVC } }],
      containers: [{
        name: 'seaweedfs',
        image: props.images.ref('pipelines/seaweedfs'),
        args: ['server', '-dir=/data', '-s3', '-iam', '-filer', '-master.volumePreallocate=false'],
        envFrom: [{ secretRef: { name: ARTIFACT_SECRET } }],
        lifecycle: { postStart: { exec: { command: ['/bin/sh', '-c', initScript(DEFAULT_BUCKET)] } } },
        ports: [S3, 8111, 9333, 19333, 8888].map((containerPort) => ({ containerPort })),
        livenessProbe: status({ initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 10 }),
        readinessProbe: status({ initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5 }),
        startupProbe: {
          exec: { command: ['/bin/sh', '-c', `test -f /tmp/initialization-complete && ${weed('s3.bucket.list')} | grep -q ${DEFAULT_BUCKET}`] },
          failureThreshold: 24,
          initialDelaySeconds: 10,
          periodSeconds: 5,
          timeoutSeconds: 10,
        },
        resources: props.sizing.resources('large', 'seaweedfs/seaweedfs'),
        securityContext: restrictedContainer({ runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false }),
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      }],
    });
    const ports: ServicePort[] = [
      { name: 'http-iam', port: 8111 },
      { name: 'http-s3', port: S3 },
      ...(props.s3CompatPort ? [{ name: 'http-s3-compat', port: 9000, target: S3 }] : []),
      { name: 'http-master', port: 9333 },
      { name: 'grpc-master', port: 19333 },
      { name: 'grpc-filer', port: 18888 },
      { name: 'http-filer', port: 8888 },
    ];
    service(this, 'seaweedfs', BASE_LABELS, labels, ports);
    // KFP before 2.16 names the store minio-service. Kept on every release: tenant ConfigMaps the
    // hook wrote are never updated (OnDelete, as upstream), so namespaces made before an upgrade
    // still point there.
    service(this, 'minio-service', { ...labels, component: 'minio-compatibility' }, labels, [{ name: 'http', port: 9000, target: S3 }]);

    // Tenants reach S3 only; the gateway reaches everything (upstream's policy).
    const s3Port = [{ port: k8s.IntOrString.fromNumber(S3) }];
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: 'seaweedfs', namespace: NAMESPACE, labels: { ...BASE_LABELS } },
      spec: {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['seaweedfs'] }] },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ namespaceSelector: { matchExpressions: [{ key: 'app.kubernetes.io/part-of', operator: 'In', values: ['kubeflow-profile'] }] } }], ports: s3Port },
          { from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [props.gatewayNamespace] }] } }] },
          { from: [{ podSelector: {} }], ports: s3Port },
        ],
      },
    });
  }
}
