import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { RUNTIME_NAMES, RuntimeName } from './runtimes';

const runtimeSwitches = Object.fromEntries(RUNTIME_NAMES.map((n) => [n, z.boolean().default(true)])) as Record<RuntimeName, z.ZodDefault<z.ZodBoolean>>;

/** The options of `components.kserve` the Kserve construct takes (its props are derived from them). */
export const kserveOptions = z.strictObject({
    /**
     * How InferenceServices run. `Serverless` (upstream's default) needs Knative
     * (`components.knative`); `RawDeployment` uses plain Deployments and needs no Knative,
     * so `components.knative.enabled: false` leaves Knative out entirely. @default "Serverless"
     */
    deploymentMode: z.enum(['Serverless', 'RawDeployment']).default('Serverless'),
    /**
     * Cluster serving runtimes, each on or off, e.g. `{ tritonserver: false }`.
     * `huggingfaceserver-multinode` is the GPU (vLLM on Ray) runtime. @default all true
     */
    runtimes: z.strictObject(runtimeSwitches).prefault({}),
    /** Let InferenceServices use models cached on nodes (LocalModelCache). @default false */
    localModelCache: z.boolean().default(false),
    /** Allow `oci://` model URIs served from a modelcar sidecar. @default true */
    modelcar: z.boolean().default(true),
    /** Install the LLMInferenceService controller (KServe 0.16+, release 26.03). @default true */
    llmInferenceService: z.boolean().default(true),
});

/** Platform config of KServe and its models web app (`components.kserve`). */
export const kserveConfig = z
  .strictObject({
    ...componentBase,
    ...kserveOptions.shape,
    /** Install the models web app behind the dashboard's "KServe Endpoints". @default true */
    modelsWebApp: z.boolean().default(true),
    /**
     * Domain of InferenceService hosts, `<name>-<namespace>.<domain>`. Serverless services get
     * Knative's, so set `components.knative.domain` there. @default components.knative.domain
     */
    domain: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, { message: 'expected a lower-case DNS name such as example.com' }).optional(),
    /** Scheme of InferenceService URLs. @default "http" */
    urlScheme: z.enum(['http', 'https']).default('http'),
  })
  .prefault({});
