import { splitImage } from '../core/images';
import { AddComponent } from '../platform/build';
import { KnativeServing } from './knative-serving';

/** Adds Knative Serving with net-istio, configured from `components.knative`. */
export const addKnative: AddComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.knative;
  new KnativeServing(scope, 'KnativeServing', {
    images,
    sizing, gateways,
    ...c,
    // Tag resolution asks the registry for digests; a private mirror may not answer anonymously.
    registriesSkippingTagResolving: config.registry ? [splitImage(`${config.registry}/x`).registry] : undefined,
  });
};
