import { WireComponent } from '../platform/build';
import { VolumesWebApp } from './volumes-web-app';

/** Wires the volumes web app, configured from `components.volumes`. */
export const wireVolumes: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.volumes;
  new VolumesWebApp(scope, 'VolumesWebApp', { images, sizing, gateways, ...c.webApp, viewer: c.viewer });
};
