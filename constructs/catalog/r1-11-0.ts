import { ReleaseCatalog } from './types';
import { commonImages, kfpImages, knativeImages, kserveImages, katibImages, notebookImages } from './shared';

const versions = {
  certManager: 'v1.16.1',
  istio: '1.28.0',
  knative: '1.16.2',
  dex: 'v2.44.0',
  oauth2Proxy: 'v7.13.0',
  kubeflow: 'v1.10.0',
  pipelines: '2.15.0',
  argo: 'v3.7.3',
  kserve: 'v0.15.2',
  modelsWebApp: '0.15.0',
  katib: 'v0.19.0',
  trainer: 'v2.1.0',
  jobset: 'v0.10.1',
  spark: '2.4.0',
} as const;

/** Kubeflow v1.11.0 (kubeflow/manifests tag v1.11.0), the release sites upgrade from. */
export const RELEASE_1_11_0: ReleaseCatalog = {
  release: 'v1.11.0',
  versions,
  images: {
    ...commonImages(versions),
    ...kfpImages(versions.pipelines, versions.argo),
    ...knativeImages({
      activator: 'sha256:cc39d40985f7b37ba384a857d194a24ac5eae7e204aac4ed9bf4ebfd8d62e721',
      autoscaler: 'sha256:59c2e7ad52cea17bedfc2aca9b9e33060bb34f04d35fd71fe61147bcbdb881e4',
      controller: 'sha256:0e47362d044f8eac84595ed0a9fdf22e5dd5a07cc7a5df74e93eb5ad17ad4827',
      queue: 'sha256:698ef80ebc698f4d2bb93c1e85684063a0cf253a83faebcbf106cee444181d8e',
      webhook: 'sha256:d42e2f83c9018779465860fdc67ce6ada3eac8ba8c47c5c2127c0bb45f9b328a',
      netIstioController: 'sha256:e70bc675f97778da144157f125b3001124ba7a5903b85dab9e77776352fea1c7',
      netIstioWebhook: 'sha256:7d76a6d42d139ed53aae3ca2dfd600b1c776eb85a17af64dd1b604176a4b132a',
    }),
    ...kserveImages(versions.kserve, versions.modelsWebApp),
    ...katibImages(versions.katib),
    ...notebookImages(versions.kubeflow),
  },
  features: {
    /** kubeflow-edit lets users impersonate service accounts (dropped in 26.03). */
    kubeflowEditImpersonate: true,
    /** Every Kubeflow NetworkPolicy in the kubeflow namespace, as common/networkpolicies had them (before 26.03). */
    kubeflowPoliciesInKubeflowNamespace: true,
    /** Name of cert-manager's token-request RoleBinding (renamed in cert-manager 1.17). */
    certManagerTokenRequestBinding: 'cert-manager-cert-manager-tokenrequest',
    /** Istio Helm chart upstream rendered (labels, istio-reader rules); images follow versions.istio. */
    istioChartVersion: '1.28.0',
    /** NetworkPolicies in istio-system (added in 26.03). */
    istioNamespacePolicies: false,
    /** Istio versions supported when the cluster brings its own (components.istio.external). */
    istioMinVersion: '1.26.0',
    istioMaxVersion: '1.28',
  },
  notes: [],
};
