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
    ...c, // its options and tenants; the cloud identities below are named for the construct
    workloadIdentity: c.defaultWorkloadIdentity || undefined,
    controllerServiceAccountAnnotations: c.controllerCloudIdentity && annotation ? { [annotation]: c.controllerCloudIdentity } : undefined,
  });
};
