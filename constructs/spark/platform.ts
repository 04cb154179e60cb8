import { ConfigError } from '../config/errors';
import { PlatformConfig } from '../config/schema';
import { WireComponent } from '../platform/build';
import { SparkOperator } from './spark-operator';

/** The namespaces `components.spark.jobNamespaces` stands for. */
export function sparkJobNamespaces(config: PlatformConfig): 'all' | string[] {
  const ns = config.components.spark.jobNamespaces;
  if (ns !== 'tenants') return ns === 'all' ? 'all' : [...ns];
  const tenants = config.components.profiles.tenants.map((t) => t.name);
  // An empty list would make the operator watch every namespace: say so instead.
  if (!tenants.length) {
    throw new ConfigError(["components.spark.jobNamespaces: 'tenants' needs at least one tenant (components.profiles.tenants or a tenant file)"]);
  }
  return tenants;
}

/** Wires the Kubeflow Spark operator to the platform, configured from `components.spark`. */
export const wireSpark: WireComponent = (scope, { config, images, sizing }) => {
  new SparkOperator(scope, 'SparkOperator', { images, sizing, jobNamespaces: sparkJobNamespaces(config) });
};
