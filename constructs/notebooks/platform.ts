import { WireComponent } from '../platform/build';
import { JupyterWebApp } from './jupyter-web-app';
import { NotebookController } from './notebook-controller';

/** Wires the notebook controller and the Jupyter web app, configured from `components.notebooks`. */
export const wireNotebooks: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.notebooks;
  new NotebookController(scope, 'NotebookController', { images, sizing, gateways, culling: c.culling });
  new JupyterWebApp(scope, 'JupyterWebApp', { images, sizing, gateways, ...c.webApp, spawner: c.spawner });
};
