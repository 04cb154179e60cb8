import { WireComponent } from '../platform/build';
import { CertManager } from './cert-manager';

/** Wires cert-manager, configured from `components.certManager`. */
export const wireCertManager: WireComponent = (scope, { config, images, sizing }) => {
  const c = config.components.certManager;
  new CertManager(scope, 'CertManager', {
    images,
    sizing,
    ...c, // the construct reads its options from the config and ignores enabled and external
    tokenRequestBinding: images.catalog.features.certManagerTokenRequestBinding,
  });
};
