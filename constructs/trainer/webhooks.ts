import { k8s } from 'cdk8s-plus-28';

/** One admission webhook rule set, in the shape kubebuilder generates. */
export interface HookSpec {
  readonly name: string;
  readonly path: string;
  readonly group: string;
  readonly version: string;
  readonly resources: readonly string[];
  readonly operations: readonly string[];
  readonly objectSelector?: k8s.LabelSelector;
}

/** Webhooks served by one Service, failing closed like upstream's. */
export function webhooks(service: { name: string; namespace: string }, hooks: readonly HookSpec[]): k8s.ValidatingWebhook[] {
  return hooks.map((h) => ({
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: service.name, namespace: service.namespace, path: h.path } },
    failurePolicy: 'Fail',
    name: h.name,
    ...(h.objectSelector ? { objectSelector: h.objectSelector } : {}),
    rules: [{ apiGroups: [h.group], apiVersions: [h.version], operations: [...h.operations], resources: [...h.resources] }],
    sideEffects: 'None',
  }));
}
