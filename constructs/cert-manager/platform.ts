import { WireComponent } from '../platform/build';
import { CertManager } from './cert-manager';

/** Wires cert-manager, configured from `components.certManager`. */
export const wireCertManager: WireComponent = (scope, { config, images, sizing }) => {
  const c = config.components.certManager;
  new CertManager(scope, 'CertManager', {
    images,
    sizing,
    leaderElectionNamespace: c.leaderElectionNamespace,
    logLevel: c.logLevel,
    kubeflowIssuer: c.kubeflowIssuer,
    tokenRequestBinding: images.catalog.features.certManagerTokenRequestBinding,
  });
};
