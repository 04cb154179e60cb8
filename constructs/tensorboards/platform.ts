import { WireComponent } from '../platform/build';
import { TensorboardController } from './tensorboard-controller';
import { TensorboardsWebApp } from './tensorboards-web-app';

/** Wires the TensorBoard controller and web app, configured from `components.tensorboards`. */
export const wireTensorboards: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.tensorboards;
  new TensorboardController(scope, 'TensorboardController', { images, sizing, gateways, rwoPvcScheduling: c.rwoPvcScheduling });
  new TensorboardsWebApp(scope, 'TensorboardsWebApp', { images, sizing, gateways, ...c.webApp });
};
