import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigError } from '../config/errors';
import { UserInput } from '../core/user-input';
import { describeTenantIssue } from '../tenants/load';
import { podDefaultObjectSpec } from '../tenants/pod-defaults';
import { podDefaultSchema } from '../tenants/schema';
import { z } from 'zod';

/** A PodDefault as a tenant file writes one (`desc`, `selector`, `env`, `volumes`, ...), plus its namespace. */
export type PodDefaultProps = z.input<typeof podDefaultSchema> & {
  /** A profile namespace. */
  readonly namespace: string;
};

/**
 * A user's PodDefault (`kubeflow.org/v1alpha1`): what the PodDefaults webhook adds to pods
 * carrying its selector label. Checked with the tenant files' schema; the selector defaults
 * to `<name>: "true"`.
 */
export class PodDefault extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: PodDefaultProps) {
    super(scope, id);
    const { namespace, ...fields } = props;
    new UserInput(this, 'PodDefault').tenant('namespace', namespace);
    const r = podDefaultSchema.safeParse(fields, { reportInput: true });
    if (!r.success) throw new ConfigError(r.error.issues.flatMap((i) => describeTenantIssue(i).map((l) => `PodDefault ${this.node.path}: ${l.text}`)));
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: r.data.name, namespace },
      spec: podDefaultObjectSpec(r.data),
    });
  }
}
