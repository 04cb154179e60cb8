import { Manifest } from '../../constructs/platform/parts';
import { Wave } from '../../constructs/platform/platform';

/** What must be ready before the next wave starts. */
export interface WaveWaits {
  /** CRD names to reach condition Established. */
  readonly crds: string[];
  /** `kind/name` and namespace of workloads to finish rolling out. */
  readonly rollouts: { kind: string; namespace: string; name: string }[];
  /** Services behind admission webhooks, which must have endpoints. */
  readonly webhookServices: { namespace: string; name: string }[];
  /**
   * Webhook configurations whose CA bundle something in the cluster injects: cert-manager
   * (inject-ca-from annotations) or the component's own webhook (Knative, istiod, Spark and
   * Trainer write theirs): a webhook Deployment is ready before its caBundle is written.
   */
  readonly caInjected: { kind: string; name: string }[];
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const WEBHOOKS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

type Hook = { clientConfig?: { service?: { namespace: string; name: string }; caBundle?: string } };

export function wavesWaits(wave: Wave): WaveWaits {
  const ms: Manifest[] = wave.parts.flatMap((p) => p.manifests);
  const services = new Map<string, { namespace: string; name: string }>();
  for (const m of ms.filter((x) => WEBHOOKS.includes(x.kind))) {
    for (const h of (m.webhooks as Hook[] | undefined) ?? []) {
      const s = h.clientConfig?.service;
      if (s) services.set(`${s.namespace}/${s.name}`, { namespace: s.namespace, name: s.name });
    }
  }
  return {
    crds: ms.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => m.metadata.name),
    rollouts: ms.filter((m) => WORKLOADS.includes(m.kind)).map((m) => ({ kind: m.kind.toLowerCase(), namespace: m.metadata.namespace ?? 'default', name: m.metadata.name })),
    webhookServices: [...services.values()],
    caInjected: ms
      .filter((m) => WEBHOOKS.includes(m.kind) && (Object.keys(m.metadata.annotations ?? {}).some((a) => a.startsWith('cert-manager.io/inject-ca-from')) || selfInjected(m)))
      .map((m) => ({ kind: m.kind.toLowerCase(), name: m.metadata.name })),
  };
}

/** A webhook configuration that calls a service and ships no CA bundle: its server writes one. */
function selfInjected(m: Manifest): boolean {
  const hooks = (m.webhooks as Hook[] | undefined) ?? [];
  return hooks.length > 0 && hooks.every((h) => h.clientConfig?.service && !h.clientConfig.caBundle);
}
