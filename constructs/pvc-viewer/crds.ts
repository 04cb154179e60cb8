import { Construct } from 'constructs';
import { injectCaFrom } from '../core/certificate';
import { Crd } from '../core/crd';
import { array, boolean, embedded, intOrString, object, string } from '../core/schema';

/** `pvcviewers.kubeflow.org`, converted through the controller's webhook like upstream. */
export function pvcViewerCrds(scope: Construct, namespace: string, webhookService: string, certificate: string): Crd[] {
  return [new Crd(scope, 'PvcViewerCrd', {
    group: 'kubeflow.org',
    kind: 'PVCViewer',
    plural: 'pvcviewers',
    scope: 'Namespaced',
    labels: { app: 'pvcviewer' },
    annotations: injectCaFrom(namespace, certificate),
    conversionWebhook: { namespace, name: webhookService, path: '/convert' },
    versions: [{
      name: 'v1alpha1',
      storage: true,
      spec: object({
        pvc: string(),
        // A whole PodSpec: the viewer pod the controller runs next to the volume.
        podSpec: embedded({ required: ['containers'] }),
        networking: object({ targetPort: intOrString(), basePrefix: string(), rewrite: string(), timeout: string() }),
        rwoScheduling: boolean({ default: false }),
      }, { required: ['pvc', 'rwoScheduling'] }),
      status: object({
        conditions: array(object({
          type: string(),
          status: string(),
          reason: string(),
          message: string(),
          lastTransitionTime: string({ format: 'date-time' }),
          lastUpdateTime: string({ format: 'date-time' }),
        }, { required: ['type', 'status'] })),
        ready: boolean({ default: false }),
        url: string(),
      }),
    }],
  })];
}

/** @deprecated the old name: every component emits its CRDs with one `<component>Crds` function. */
export const pvcViewerCrd = (scope: Construct, namespace: string, webhookService: string, certificate: string): Crd => pvcViewerCrds(scope, namespace, webhookService, certificate)[0];
