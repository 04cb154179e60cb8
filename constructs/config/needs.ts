import { ComponentKey, PlatformConfig } from './schema';

/**
 * What each component needs from others, as upstream wires them. A function of the
 * config, since some needs depend on options (KServe needs Knative only in Serverless mode).
 */
export function componentNeeds(key: ComponentKey, config: PlatformConfig): ComponentKey[] {
  switch (key) {
    case 'certManager':
    case 'spark':
      return [];
    case 'istio':
      // The gateway's TLS certificate is issued by cert-manager unless the user brings the Secret.
      return config.components.istio.gateway.tls.enabled && config.components.istio.gateway.tls.source !== 'secret' ? ['certManager'] : [];
    case 'auth':
    case 'knative':
      return ['istio'];
    case 'profiles':
      return ['istio', 'certManager'];
    case 'dashboard':
    case 'notebooks':
    case 'tensorboards':
    case 'volumes':
      return ['istio', 'profiles'];
    case 'pipelines':
    case 'katib':
      return ['certManager', 'istio', 'profiles'];
    case 'kserve':
      return config.components.kserve.deploymentMode === 'Serverless' ? ['certManager', 'istio', 'knative'] : ['certManager', 'istio'];
    case 'pvcViewer':
      return ['certManager'];
    case 'hub':
      // Registries live in tenant namespaces, which the profiles component creates.
      return config.components.hub.modelRegistry.enabled ? ['istio', 'profiles'] : ['istio'];
    case 'trainer':
      // Trainer and JobSet issue their own webhook certificates.
      return [];
  }
}
