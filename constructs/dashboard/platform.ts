import { COMPONENT_KEYS } from '../config/schema';
import { WireComponent } from '../platform/build';
import { CentralDashboard } from './dashboard';
import { dashboardLinks } from './links';

/**
 * Adds the central dashboard, configured from `components.dashboard`. Its links follow
 * the components the cluster has (installed here or external); the user header comes
 * from `components.profiles`, which KFAM and the dashboard must agree on.
 */
export const wireDashboard: WireComponent = (scope, { config, images, sizing, gateways }) => {
  const c = config.components.dashboard;
  const p = config.components.profiles;
  const present = COMPONENT_KEYS.filter((k) => config.components[k].enabled || config.components[k].external);
  new CentralDashboard(scope, 'Dashboard', {
    images,
    sizing, gateways,
    links: dashboardLinks(present, c.externalLinks.map((l) => ({ type: 'item' as const, link: l.link, text: l.text, ...(l.icon ? { icon: l.icon } : {}) }))),
    ...c, // its options; externalLinks are in links
    userIdHeader: p.userIdHeader,
    userIdPrefix: p.userIdPrefix,
  });
};
