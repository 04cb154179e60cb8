import { PodDefaultSpec } from './schema';

/**
 * Upstream's `access-ml-pipeline` PodDefault: a projected service-account token with the
 * Pipelines audience, and the variable the KFP SDK reads it from, so a notebook can call
 * the Pipelines API as its namespace's service account.
 */
export function accessMlPipeline(): PodDefaultSpec {
  const dir = '/var/run/secrets/kubeflow/pipelines';
  const volume = 'volume-kf-pipeline-token';
  return {
    name: 'access-ml-pipeline',
    desc: 'Allow access to Kubeflow Pipelines',
    selector: { matchLabels: { 'access-ml-pipeline': 'true' } },
    env: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: `${dir}/token` }],
    volumes: [{ name: volume, projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 7200, audience: 'pipelines.kubeflow.org' } }] } }],
    volumeMounts: [{ mountPath: dir, name: volume, readOnly: true }],
  };
}

/** The PodDefault object's spec: the written fields, with the selector defaulted to `<name>: "true"`. */
export function podDefaultObjectSpec(p: PodDefaultSpec): Record<string, unknown> {
  const { name, selector, ...rest } = p;
  return { ...rest, selector: selector ?? { matchLabels: { [name]: 'true' } } };
}
