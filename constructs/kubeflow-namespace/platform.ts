import { COMPONENT_KEYS } from '../config/schema';
import { KubeflowRoles } from '../kubeflow-roles';
import { WireComponent } from '../platform/build';
import { KubeflowNamespaces } from './kubeflow-namespace';

/** The Kubeflow base every install has: namespaces, their policies, the aggregated roles. */
export const wireKubeflowBase: WireComponent = (scope, { config, images, gateways }) => {
  const c = config.components;
  new KubeflowNamespaces(scope, 'Namespaces', {
    installed: COMPONENT_KEYS.filter((k) => c[k].enabled || c[k].external),
    istioInjection: c.istio.enabled || c.istio.external,
    policiesInKubeflowNamespace: images.catalog.features.kubeflowPoliciesInKubeflowNamespace,
    gatewayNamespace: gateways.ingress.namespace,
    leaveOut: [
      ...(images.catalog.features.dashboardLayout.ownNetworkPolicies ? ['centraldashboard'] : []),
      ...(images.catalog.features.podDefaultsLayout.ownNetworkPolicies ? ['poddefaults'] : []),
    ],
    modelsWebAppName: images.catalog.features.modelsWebAppName,
  });
  new KubeflowRoles(scope, 'Roles', { allowImpersonation: images.catalog.features.kubeflowEditImpersonate });
};
