import { z } from 'zod';
import { componentBase } from '../core/component-config';

const options = {
  /** Let a user without a profile create one at first login. @default false */
  registrationFlow: z.boolean().default(false),
  /** Show cluster CPU and memory charts on the home page. @default true */
  collectMetrics: z.boolean().default(true),
  /** Open every app inside the dashboard's frame. @default true */
  forceIframe: z.boolean().default(true),
  /** Where the logout button goes. @default "/oauth2/sign_out" (oauth2-proxy) */
  logoutUrl: z.string().min(1).default('/oauth2/sign_out'),
};

/** The dashboard's options as one schema: `CentralDashboardProps` derive from it and the construct parses through it. */
export const dashboardOptions = z.strictObject(options);

/** Platform config of the central dashboard (`components.dashboard`). */
export const dashboardConfig = z
  .strictObject({
    ...componentBase,
    ...options,
    /** Extra sidebar links to other tools, e.g. `{text: Grafana, link: https://grafana.example.com}`. @default none */
    externalLinks: z.array(z.strictObject({ text: z.string().min(1), link: z.string().min(1), icon: z.string().optional() })).default([]),
  })
  .prefault({});
