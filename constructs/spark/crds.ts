import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, boolean, conditions, embedded, enumOf, integer, intOrString, map, object, Schema, string } from '../core/schema';

export const SPARK_GROUP = 'sparkoperator.k8s.io';

const int32 = (extra: Parameters<typeof integer>[0] = {}) => integer({ format: 'int32', ...extra });
const int64 = (extra: Parameters<typeof integer>[0] = {}) => integer({ format: 'int64', ...extra });
const strings = () => array(string());
const date = () => string({ format: 'date-time', nullable: true });
const ANNOTATIONS = { 'api-approved.kubernetes.io': 'https://github.com/kubeflow/spark-operator/pull/1298', 'controller-gen.kubebuilder.io/version': 'v0.17.1' };
const QUANTITY = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
/** Deep corev1 types (containers, volumes, affinity...) are left free form. */
const deepList = () => array(embedded());

function ingressTls(): Schema {
  return array(object({ hosts: array(string(), { 'x-kubernetes-list-type': 'atomic' }), secretName: string() }));
}

function serviceOptions(): Record<string, Schema> {
  return { ingressAnnotations: map(), ingressTLS: ingressTls(), serviceAnnotations: map(), serviceLabels: map(), servicePort: int32(), servicePortName: string(), serviceType: string() };
}

/** SparkPodSpec: what driver and executor pods share. */
function sparkPod(own: Record<string, Schema>): Schema {
  return object({
    affinity: embedded(),
    annotations: map(),
    configMaps: array(object({ name: string(), path: string() }, { required: ['name', 'path'] })),
    coreLimit: string(),
    coreRequest: string(),
    cores: int32({ minimum: 1 }),
    dnsConfig: embedded(),
    env: deepList(),
    envFrom: deepList(),
    envSecretKeyRefs: map(object({ key: string(), name: string() }, { required: ['key', 'name'] })),
    envVars: map(),
    gpu: object({ name: string(), quantity: int64() }, { required: ['name', 'quantity'] }),
    hostAliases: array(object({ hostnames: array(string(), { 'x-kubernetes-list-type': 'atomic' }), ip: string() }, { required: ['ip'] })),
    hostNetwork: boolean(),
    image: string(),
    initContainers: deepList(),
    javaOptions: string(),
    labels: map(),
    lifecycle: embedded(),
    memory: string(),
    memoryLimit: string(),
    memoryOverhead: string(),
    nodeSelector: map(),
    podSecurityContext: embedded(),
    ports: array(object({ containerPort: int32(), name: string(), protocol: string() }, { required: ['containerPort', 'name', 'protocol'] })),
    priorityClassName: string(),
    schedulerName: string(),
    secrets: array(object({ name: string(), path: string(), secretType: string() }, { required: ['name', 'path', 'secretType'] })),
    securityContext: embedded(),
    serviceAccount: string(),
    shareProcessNamespace: boolean(),
    sidecars: deepList(),
    // A whole PodTemplateSpec, merged under the generated pod.
    template: embedded(),
    terminationGracePeriodSeconds: int64(),
    tolerations: deepList(),
    volumeMounts: array(
      object(
        { mountPath: string(), mountPropagation: string(), name: string(), readOnly: boolean(), recursiveReadOnly: string(), subPath: string(), subPathExpr: string() },
        { required: ['mountPath', 'name'] },
      ),
    ),
    ...own,
  });
}

function dynamicAllocation(): Schema {
  return object({ enabled: boolean(), initialExecutors: int32(), maxExecutors: int32(), minExecutors: int32(), shuffleTrackingEnabled: boolean(), shuffleTrackingTimeout: int64() });
}

/** SparkApplication `spec`; ScheduledSparkApplication embeds it as its template. */
export function sparkApplicationSpec(): Schema {
  return object(
    {
      arguments: strings(),
      batchScheduler: string(),
      batchSchedulerOptions: object({ priorityClassName: string(), queue: string(), resources: map(intOrString({ pattern: QUANTITY })) }),
      deps: object({ archives: strings(), excludePackages: strings(), files: strings(), jars: strings(), packages: strings(), pyFiles: strings(), repositories: strings() }),
      driver: sparkPod({
        kubernetesMaster: string(),
        podName: string({ pattern: '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*' }),
        serviceAnnotations: map(),
        serviceLabels: map(),
      }),
      driverIngressOptions: array(object({ ...serviceOptions(), ingressURLFormat: string() }, { required: ['servicePort', 'servicePortName'] })),
      dynamicAllocation: dynamicAllocation(),
      executor: sparkPod({ deleteOnTermination: boolean(), instances: int32({ minimum: 1 }) }),
      failureRetries: int32(),
      hadoopConf: map(),
      hadoopConfigMap: string(),
      image: string(),
      imagePullPolicy: string(),
      imagePullSecrets: strings(),
      mainApplicationFile: string(),
      mainClass: string(),
      memoryOverheadFactor: string(),
      mode: enumOf(['cluster', 'client']),
      monitoring: object(
        {
          exposeDriverMetrics: boolean(),
          exposeExecutorMetrics: boolean(),
          metricsProperties: string(),
          metricsPropertiesFile: string(),
          prometheus: object(
            { configFile: string(), configuration: string(), jmxExporterJar: string(), port: int32({ minimum: 1024, maximum: 49151 }), portName: string() },
            { required: ['jmxExporterJar'] },
          ),
        },
        { required: ['exposeDriverMetrics', 'exposeExecutorMetrics'] },
      ),
      nodeSelector: map(),
      proxyUser: string(),
      pythonVersion: enumOf(['2', '3']),
      restartPolicy: object({
        onFailureRetries: int32({ minimum: 0 }),
        onFailureRetryInterval: int64({ minimum: 1 }),
        onSubmissionFailureRetries: int32({ minimum: 0 }),
        onSubmissionFailureRetryInterval: int64({ minimum: 1 }),
        type: enumOf(['Never', 'Always', 'OnFailure']),
      }),
      retryInterval: int64(),
      sparkConf: map(),
      sparkConfigMap: string(),
      sparkUIOptions: object(serviceOptions()),
      sparkVersion: string(),
      suspend: boolean(),
      timeToLiveSeconds: int64(),
      type: enumOf(['Java', 'Python', 'Scala', 'R']),
      // corev1.Volume has dozens of sources; kept free form.
      volumes: deepList(),
    },
    { required: ['driver', 'executor', 'mainApplicationFile', 'sparkVersion', 'type'] },
  );
}

const age = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' } as const;
const required = ['metadata', 'spec'];

/**
 * The Spark operator's CRDs: SparkApplication, ScheduledSparkApplication and SparkConnect, under
 * one `Crds` construct (the construct paths of before, when this was a class).
 */
export function sparkCrds(scope: Construct): Crd[] {
  const group = new Construct(scope, 'Crds');
  const crds: Crd[] = [];
  crds.push(new Crd(group, 'SparkApplication', {
    group: SPARK_GROUP,
    kind: 'SparkApplication',
    shortNames: ['sparkapp'],
    scope: 'Namespaced',
    annotations: ANNOTATIONS,
    versions: [
      {
        name: 'v1beta2',
        storage: true,
        required,
        spec: sparkApplicationSpec(),
        status: object(
          {
            applicationState: object({ errorMessage: string(), state: string() }, { required: ['state'] }),
            driverInfo: object({ podName: string(), webUIAddress: string(), webUIIngressAddress: string(), webUIIngressName: string(), webUIPort: int32(), webUIServiceName: string() }),
            executionAttempts: int32(),
            executorState: map(),
            lastSubmissionAttemptTime: date(),
            sparkApplicationId: string(),
            submissionAttempts: int32(),
            submissionID: string(),
            terminationTime: date(),
          },
          { required: ['driverInfo'] },
        ),
        printerColumns: [
          { name: 'Suspend', type: 'boolean', jsonPath: '.spec.suspend' },
          { name: 'Status', type: 'string', jsonPath: '.status.applicationState.state' },
          { name: 'Attempts', type: 'string', jsonPath: '.status.executionAttempts' },
          { name: 'Start', type: 'string', jsonPath: '.status.lastSubmissionAttemptTime' },
          { name: 'Finish', type: 'string', jsonPath: '.status.terminationTime' },
          age,
        ],
      },
    ],
  }));
  crds.push(new Crd(group, 'ScheduledSparkApplication', {
    group: SPARK_GROUP,
    kind: 'ScheduledSparkApplication',
    shortNames: ['scheduledsparkapp'],
    scope: 'Namespaced',
    annotations: ANNOTATIONS,
    versions: [
      {
        name: 'v1beta2',
        storage: true,
        required,
        spec: object(
          {
            concurrencyPolicy: string(),
            failedRunHistoryLimit: int32(),
            schedule: string(),
            successfulRunHistoryLimit: int32(),
            suspend: boolean(),
            template: sparkApplicationSpec(),
            timeZone: string(),
          },
          { required: ['schedule', 'template'] },
        ),
        status: object({
          lastRun: date(),
          lastRunName: string(),
          nextRun: date(),
          pastFailedRunNames: strings(),
          pastSuccessfulRunNames: strings(),
          reason: string(),
          scheduleState: string(),
        }),
        printerColumns: [
          { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
          { name: 'TimeZone', type: 'string', jsonPath: '.spec.timeZone' },
          { name: 'Suspend', type: 'string', jsonPath: '.spec.suspend' },
          { name: 'Last Run', type: 'date', jsonPath: '.status.lastRun' },
          { name: 'Last Run Name', type: 'string', jsonPath: '.status.lastRunName' },
          age,
        ],
      },
    ],
  }));
  crds.push(new Crd(group, 'SparkConnect', {
    group: SPARK_GROUP,
    kind: 'SparkConnect',
    shortNames: ['sparkconn'],
    scope: 'Namespaced',
    annotations: ANNOTATIONS,
    versions: [
      {
        name: 'v1alpha1',
        storage: true,
        required,
        spec: object(
          {
            dynamicAllocation: dynamicAllocation(),
            executor: object({ cores: int32({ minimum: 1 }), instances: int32({ minimum: 0 }), memory: string(), template: embedded() }),
            hadoopConf: map(),
            image: string(),
            server: object({
              cores: int32({ minimum: 1 }),
              memory: string(),
              // A whole corev1.Service for the Spark Connect server.
              service: embedded(),
              template: embedded(),
            }),
            sparkConf: map(),
            sparkVersion: string(),
          },
          { required: ['executor', 'server', 'sparkVersion'] },
        ),
        status: object({
          conditions: conditions(),
          executors: map(integer()),
          lastUpdateTime: string({ format: 'date-time' }),
          server: object({ podIp: string(), podName: string(), serviceName: string() }),
          startTime: string({ format: 'date-time' }),
          state: string(),
        }),
        printerColumns: [age, { name: 'Status', type: 'string', jsonPath: '.status.state' }, { name: 'PodName', type: 'string', jsonPath: '.status.server.podName' }],
      },
    ],
  }));
  return crds;
}
