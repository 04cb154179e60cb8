import { k8s } from 'cdk8s-plus-28';

// Container env vars as components write them. Optional fields are left out unless set,
// so the output matches upstream's manifests, which omit them.

/** A literal env var. */
export const env = (name: string, value: string | number | boolean): k8s.EnvVar => ({ name, value: String(value) });

/** An env var from a ConfigMap key. */
export const fromConfigMap = (name: string, configMap: string, key: string, optional?: boolean): k8s.EnvVar => ({
  name,
  valueFrom: { configMapKeyRef: { name: configMap, key, ...(optional ? { optional: true } : {}) } },
});

/** An env var from a Secret key. */
export const fromSecret = (name: string, ref: { readonly name: string; readonly key: string }, optional?: boolean): k8s.EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: ref.name, key: ref.key, ...(optional ? { optional: true } : {}) } },
});

/** An env var from a field of the pod (the downward API); `apiVersion` only where upstream writes it. */
export const fromField = (name: string, fieldPath: string, apiVersion?: string): k8s.EnvVar => ({
  name,
  valueFrom: { fieldRef: { ...(apiVersion ? { apiVersion } : {}), fieldPath } },
});

/** The pod's namespace, which controllers read to find their own objects. */
export const podNamespaceEnv = (name = 'POD_NAMESPACE'): k8s.EnvVar => fromField(name, 'metadata.namespace');
