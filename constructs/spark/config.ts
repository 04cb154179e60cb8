import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { dnsLabel } from '../tenants/schema';

/** The options of `components.spark` the SparkOperator construct takes (its props are derived from them). */
export const sparkOptions = z.strictObject({
    /**
     * Namespaces the operator manages Spark objects in:
     * - `all`: every namespace, as upstream (`--namespaces=""`), so profiles made later work at once;
     * - `tenants`: the namespaces of the tenants (`components.profiles.tenants` and tenant files);
     *   profiles made outside them are not served until the next synth;
     * - a list of namespace names.
     * Anything but `all` also scopes the operator's webhooks to those namespaces.
     * @default "all"
     */
    jobNamespaces: z
      .union([z.enum(['all', 'tenants']), z.array(dnsLabel()).min(1, { message: "list at least one namespace, or use 'all' or 'tenants'" })])
      .default('all'),
});

/** Platform config of the spark component (`components.spark`). */
export const sparkConfig = z.strictObject({ ...componentBase, ...sparkOptions.shape }).prefault({});

export type SparkConfig = z.output<typeof sparkConfig>;
