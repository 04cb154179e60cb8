export * from './config';
export * from './crds';
export * from './jupyter-web-app';
export * from './notebook';
export * from './notebook-controller';
export * from './spawner-catalog';
export * from './spawner-config';
// Moved to core/ (katib, volumes, tensorboards, the PVC viewer and the hub use them too);
// still exported here, as before.
export { webAppOptions } from '../core/component-config';
export { CrudWebApp, READ_STORAGE_CLASSES } from '../core/crud-web-app';
export type { CrudWebAppProps, WebAppSettings } from '../core/crud-web-app';
export { gatewayOnlyPolicy, mutualTlsRule, serviceHost, virtualService } from '../core/mesh-routes';
export type { RouteProps } from '../core/mesh-routes';
export { httpProbe, kubeRbacProxy, LEADER_ELECTION_RULES, metricsProxyRbac } from '../core/controller';
