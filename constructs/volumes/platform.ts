import { AddComponent } from '../platform/build';
import { VolumesWebApp } from './volumes-web-app';

/** Adds the volumes web app, configured from `components.volumes`. */
export const addVolumes: AddComponent = (scope, { config, images, sizing }) => {
  const c = config.components.volumes;
  new VolumesWebApp(scope, 'VolumesWebApp', { images, sizing, ...c.webApp, viewer: c.viewer });
};
