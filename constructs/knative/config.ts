import { z } from 'zod';
import { componentBase } from '../core/component-config';

// A DNS name such as `example.com` or `svc.cluster.local`.
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** The options of `components.knative` the KnativeServing construct takes (its props are derived from them). */
export const knativeOptions = z.strictObject({
    /**
     * Domain of the URLs Knative (and KServe in Serverless mode) gives services:
     * `<name>-<namespace>.<domain>`. `svc.cluster.local` keeps them cluster-local. @default "example.com"
     */
    domain: z.string().regex(DOMAIN, { message: 'expected a lower-case DNS name such as example.com' }).default('example.com'),
    /** How long a revision may take to become ready before Knative gives up. @default "600s" */
    progressDeadline: z.string().regex(/^\d+(s|m|h)$/, { message: 'expected a duration such as 600s or 10m' }).default('600s'),
    /** Knative feature flags (`config-features`), e.g. `kubernetes.podspec-nodeselector: enabled`. @default {} */
    features: z.record(z.string(), z.enum(['enabled', 'disabled', 'allowed'])).default({}),
});

/** Platform config of Knative Serving (`components.knative`). */
export const knativeConfig = z.strictObject({ ...componentBase, ...knativeOptions.shape }).prefault({});
