// Image tables shared by releases; each release passes its own versions.
// Keys are `component/name`; every image the platform can pull has one.

interface CommonVersions {
  readonly certManager: string;
  readonly istio: string;
  readonly dex: string;
  readonly oauth2Proxy: string;
  readonly kubeflow: string;
  readonly trainer: string;
  readonly jobset: string;
  readonly spark: string;
}

export function commonImages(v: CommonVersions): Record<string, string> {
  const jetstack = (n: string) => `quay.io/jetstack/cert-manager-${n}:${v.certManager}`;
  const istio = (n: string) => `gcr.io/istio-release/${n}:${v.istio}`;
  const kf = (n: string) => `ghcr.io/kubeflow/kubeflow/${n}:${v.kubeflow}`;
  const trainer = (n: string) => `ghcr.io/kubeflow/trainer/${n}:${v.trainer}`;
  return {
    'cert-manager/controller': jetstack('controller'),
    'cert-manager/cainjector': jetstack('cainjector'),
    'cert-manager/webhook': jetstack('webhook'),
    'cert-manager/acmesolver': jetstack('acmesolver'),
    'istio/pilot': istio('pilot'),
    'istio/proxyv2': istio('proxyv2'),
    'istio/install-cni': istio('install-cni'),
    'dex/dex': `ghcr.io/dexidp/dex:${v.dex}`,
    'oauth2-proxy/oauth2-proxy': `quay.io/oauth2-proxy/oauth2-proxy:${v.oauth2Proxy}`,
    'oauth2-proxy/kubectl': 'docker.io/alpine/k8s:1.32.3',
    'dashboard/central-dashboard': kf('central-dashboard'),
    'profiles/profile-controller': kf('profile-controller'),
    'profiles/kfam': kf('kfam'),
    'profiles/poddefaults-webhook': kf('poddefaults-webhook'),
    'notebooks/notebook-controller': kf('notebook-controller'),
    'notebooks/jupyter-web-app': kf('jupyter-web-app'),
    'volumes/volumes-web-app': kf('volumes-web-app'),
    'volumes/filebrowser': 'filebrowser/filebrowser:v2.25.0',
    'tensorboards/tensorboard-controller': kf('tensorboard-controller'),
    'tensorboards/tensorboards-web-app': kf('tensorboards-web-app'),
    'tensorboards/tensorflow': 'tensorflow/tensorflow:2.5.1',
    'tensorboards/kube-rbac-proxy': 'quay.io/brancz/kube-rbac-proxy:v0.8.0',
    'pvc-viewer/controller': kf('pvcviewer-controller'),
    'pvc-viewer/kube-rbac-proxy': 'quay.io/brancz/kube-rbac-proxy:v0.13.1',
    'trainer/controller-manager': trainer('trainer-controller-manager'),
    'trainer/dataset-initializer': trainer('dataset-initializer'),
    'trainer/model-initializer': trainer('model-initializer'),
    'trainer/deepspeed-runtime': trainer('deepspeed-runtime'),
    'trainer/mlx-runtime': trainer('mlx-runtime'),
    'trainer/torchtune-trainer': trainer('torchtune-trainer'),
    'trainer/pytorch': 'pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime',
    'trainer/jobset': `us-central1-docker.pkg.dev/k8s-staging-images/jobset/jobset:${v.jobset}`,
    'spark/controller': `ghcr.io/kubeflow/spark-operator/controller:${v.spark}`,
  };
}

export function kfpImages(kfp: string, argo: string): Record<string, string> {
  const img = (n: string) => `ghcr.io/kubeflow/kfp-${n}:${kfp}`;
  return {
    'pipelines/api-server': img('api-server'),
    'pipelines/cache-server': img('cache-server'),
    'pipelines/driver': img('driver'),
    'pipelines/frontend': img('frontend'),
    'pipelines/launcher': img('launcher'),
    'pipelines/metadata-envoy': img('metadata-envoy'),
    'pipelines/metadata-writer': img('metadata-writer'),
    'pipelines/persistence-agent': img('persistence-agent'),
    'pipelines/scheduled-workflow-controller': img('scheduled-workflow-controller'),
    'pipelines/viewer-crd-controller': img('viewer-crd-controller'),
    'pipelines/visualization-server': img('visualization-server'),
    'pipelines/metadata-server': 'gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0',
    'pipelines/mysql': 'mysql:8.4',
    'pipelines/seaweedfs': 'chrislusf/seaweedfs:4.00',
    'pipelines/kubectl': 'docker.io/alpine/k8s:1.32.3',
    'pipelines/cache-image': 'ghcr.io/containerd/busybox',
    'pipelines/metacontroller': 'ghcr.io/metacontroller/metacontroller:v4.11.22',
    'pipelines/argoexec': `quay.io/argoproj/argoexec:${argo}`,
    'pipelines/workflow-controller': `quay.io/argoproj/workflow-controller:${argo}`,
  };
}

/** Knative images are pinned by digest upstream; each release passes its digests. */
export function knativeImages(d: Readonly<Record<
  'activator' | 'autoscaler' | 'controller' | 'queue' | 'webhook' | 'netIstioController' | 'netIstioWebhook', string>>,
): Record<string, string> {
  const serving = (n: string, digest: string) => `gcr.io/knative-releases/knative.dev/serving/cmd/${n}@${digest}`;
  const netIstio = (n: string, digest: string) => `gcr.io/knative-releases/knative.dev/net-istio/cmd/${n}@${digest}`;
  return {
    'knative/activator': serving('activator', d.activator),
    'knative/autoscaler': serving('autoscaler', d.autoscaler),
    'knative/controller': serving('controller', d.controller),
    'knative/queue': serving('queue', d.queue),
    'knative/webhook': serving('webhook', d.webhook),
    'knative/net-istio-controller': netIstio('controller', d.netIstioController),
    'knative/net-istio-webhook': netIstio('webhook', d.netIstioWebhook),
  };
}

export function kserveImages(kserve: string, modelsWebApp: string): Record<string, string> {
  const img = (n: string, suffix = '') => `kserve/${n}:${kserve}${suffix}`;
  return {
    'kserve/controller': img('kserve-controller'),
    'kserve/localmodel-controller': img('kserve-localmodel-controller'),
    'kserve/agent': img('agent'),
    'kserve/router': img('router'),
    'kserve/storage-initializer': img('storage-initializer'),
    // inferenceservice-config names the repository; KServe adds the tag (`latest` unless the user sets one).
    'kserve/art-explainer': 'kserve/art-explainer',
    'kserve/kube-rbac-proxy': 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    'kserve/sklearnserver': img('sklearnserver'),
    'kserve/xgbserver': img('xgbserver'),
    'kserve/lgbserver': img('lgbserver'),
    'kserve/paddleserver': img('paddleserver'),
    'kserve/pmmlserver': img('pmmlserver'),
    'kserve/huggingfaceserver': img('huggingfaceserver'),
    'kserve/huggingfaceserver-gpu': img('huggingfaceserver', '-gpu'),
    'kserve/mlserver': 'docker.io/seldonio/mlserver:1.5.0',
    'kserve/tritonserver': 'nvcr.io/nvidia/tritonserver:23.05-py3',
    'kserve/torchserve': 'pytorch/torchserve-kfs:0.9.0',
    'kserve/tensorflow-serving': 'tensorflow/serving:2.6.2',
    'kserve/models-web-app': `ghcr.io/kserve/models-web-app:${modelsWebApp}`,
  };
}

export function katibImages(katib: string): Record<string, string> {
  const names = [
    'katib-controller', 'katib-db-manager', 'katib-ui',
    'suggestion-darts', 'suggestion-enas', 'suggestion-goptuna', 'suggestion-hyperband',
    'suggestion-hyperopt', 'suggestion-optuna', 'suggestion-pbt', 'suggestion-skopt',
    'earlystopping-medianstop', 'file-metrics-collector', 'tfevent-metrics-collector',
    'enas-cnn-cifar10-cpu', 'pytorch-mnist-cpu',
  ];
  const out: Record<string, string> = { 'katib/mysql': 'mysql:8.0' };
  for (const n of names) out[`katib/${n}`] = `ghcr.io/kubeflow/katib/${n}:${katib}`;
  return out;
}

/** The notebook server images the Jupyter spawner offers. */
export const NOTEBOOK_SERVERS = [
  'codeserver-python', 'jupyter-pytorch-cuda-full', 'jupyter-pytorch-full', 'jupyter-pytorch-gaudi-full',
  'jupyter-scipy', 'jupyter-tensorflow-cuda-full', 'jupyter-tensorflow-full', 'rstudio-tidyverse',
] as const;

export function notebookImages(kubeflow: string, names: readonly string[] = NOTEBOOK_SERVERS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) out[`notebooks/${n}`] = `ghcr.io/kubeflow/kubeflow/notebook-servers/${n}:${kubeflow}`;
  return out;
}
