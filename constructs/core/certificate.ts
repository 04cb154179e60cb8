import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** `cert-manager.io/inject-ca-from` for webhook configurations and CRD conversion. */
export function injectCaFrom(namespace: string, certificate: string): Record<string, string> {
  return { 'cert-manager.io/inject-ca-from': `${namespace}/${certificate}` };
}

/** The in-cluster DNS names of a Service. */
export function serviceDnsNames(service: string, namespace: string, forms: readonly ('svc' | 'cluster.local' | 'short' | 'namespace')[] = ['svc', 'cluster.local']): string[] {
  return forms.map((f) => {
    switch (f) {
      case 'short':
        return service;
      case 'namespace':
        return `${service}.${namespace}`;
      case 'svc':
        return `${service}.${namespace}.svc`;
      case 'cluster.local':
        return `${service}.${namespace}.svc.cluster.local`;
    }
  });
}

export interface WebhookCertificateProps {
  readonly namespace: string;
  /** Name of the self-signed Issuer. */
  readonly issuer: string;
  /** Name of the Certificate. */
  readonly certificate: string;
  /** Secret the webhook server mounts. */
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  /** @default none */
  readonly commonName?: string;
  /** Upstream marks some webhook certificates as CAs; kept so the CA bundle injection matches. @default false */
  readonly isCA?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A self-signed Issuer and the serving Certificate of a webhook: cert-manager issues the
 * Secret the server mounts, and cainjector copies its CA into the webhook configurations
 * annotated with {@link injectCaFrom}.
 */
export class WebhookCertificate extends Construct {
  public readonly issuer: ApiObject;
  public readonly certificate: ApiObject;

  constructor(scope: Construct, id: string, props: WebhookCertificateProps) {
    super(scope, id);
    const labels = props.labels ? { labels: { ...props.labels } } : {};
    this.issuer = new ApiObject(this, 'Issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: props.issuer, namespace: props.namespace, ...labels },
      spec: { selfSigned: {} },
    });
    this.certificate = new ApiObject(this, 'Certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: props.certificate, namespace: props.namespace, ...labels },
      spec: {
        ...(props.commonName ? { commonName: props.commonName } : {}),
        dnsNames: [...props.dnsNames],
        ...(props.isCA ? { isCA: true } : {}),
        issuerRef: { kind: 'Issuer', name: props.issuer },
        secretName: props.secretName,
      },
    });
  }
}
