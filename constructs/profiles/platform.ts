import { ConfigError } from '../config/errors';
import { WireComponent } from '../platform/build';
import { CONTROLLER_IDENTITY_ANNOTATION } from './layers';
import { Profiles } from './profiles';

/** Wires profiles, configured from `components.profiles`; its tenants are `components.profiles.tenants`. */
export const wireProfiles: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.profiles;
  const annotation = CONTROLLER_IDENTITY_ANNOTATION[config.platform];
  if (c.controllerCloudIdentity && !annotation) {
    throw new ConfigError([`components.profiles.controllerCloudIdentity: set, but platform ${config.platform} has no cloud identity; use it with platform eks or gke`]);
  }
  new Profiles(scope, 'Profiles', {
    images,
    sizing, gateways,
    userIdHeader: c.userIdHeader,
    userIdPrefix: c.userIdPrefix,
    groupsHeader: c.groupsHeader,
    clusterAdmins: c.clusterAdmins,
    podSecurity: c.podSecurity,
    namespaceLabels: c.namespaceLabels,
    workloadIdentity: c.defaultWorkloadIdentity || undefined,
    controllerServiceAccountAnnotations: c.controllerCloudIdentity && annotation ? { [annotation]: c.controllerCloudIdentity } : undefined,
    tenants: c.tenants,
  });
};
