import { WireComponent } from '../platform/build';
import { Kserve } from './kserve';
import { ModelsWebApp } from './models-web-app';

/** Wires KServe and the models web app, configured from `components.kserve`. */
export const wireKserve: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.kserve;
  const knative = config.components.knative;
  const kserve = new Kserve(scope, 'Kserve', {
    images,
    sizing, gateways,
    ...c,
    // InferenceService hosts share Knative's domain unless raw deployments get their own.
    ingress: { ingressDomain: c.domain ?? knative.domain, urlScheme: c.urlScheme },
  });
  if (c.modelsWebApp) {
    new ModelsWebApp(scope, 'ModelsWebApp', { images, sizing, gateways, namespace: kserve.namespace, knative: c.deploymentMode === 'Serverless' });
  }
};
