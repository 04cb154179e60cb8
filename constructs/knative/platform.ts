import { splitImage } from '../core/images';
import { WireComponent } from '../platform/build';
import { KnativeServing } from './knative-serving';

/** Wires Knative Serving with net-istio, configured from `components.knative`. */
export const wireKnative: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.knative;
  new KnativeServing(scope, 'KnativeServing', {
    images,
    sizing, gateways,
    ...c,
    // Tag resolution asks the registry for digests; a private mirror may not answer anonymously.
    registriesSkippingTagResolving: config.registry ? [splitImage(`${config.registry}/x`).registry] : undefined,
  });
};
