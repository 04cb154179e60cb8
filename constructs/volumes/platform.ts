import { AddComponent } from '../platform/build';
import { VolumesWebApp } from './volumes-web-app';

/** Adds the volumes web app, configured from `components.volumes`. */
export const addVolumes: AddComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.volumes;
  new VolumesWebApp(scope, 'VolumesWebApp', { images, sizing, gateways, ...c.webApp, viewer: c.viewer });
};
