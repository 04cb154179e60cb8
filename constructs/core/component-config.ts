import { z } from 'zod';

/** Fields every component shares: on or off, or provided by the cluster already. */
export const componentBase = {
  /** Install the component. @default true */
  enabled: z.boolean().default(true),
  /** The cluster already has it: install nothing, but let components that need it be enabled. @default false */
  external: z.boolean().default(false),
};

/** A component's config schema with only the shared fields. */
export const basicComponent = () => z.strictObject(componentBase).prefault({});

/** Settings every CRUD web app (Jupyter, Volumes, TensorBoards) shares. */
export const webAppOptions = {
  /** Mark session cookies `Secure`; turn off only when the gateway is served over plain HTTP. @default true */
  secureCookies: z.boolean().default(true),
  /** Header carrying the authenticated user. @default "kubeflow-userid" */
  userIdHeader: z.string().min(1).default('kubeflow-userid'),
  /** Prefix stripped from the header's value. @default "" */
  userIdPrefix: z.string().default(''),
};

/** The web app settings as one schema: construct props derive from it and parse through it. */
export const webAppSchema = z.strictObject(webAppOptions);

/**
 * Construct props derived from a config schema: what the schema accepts (its defaults make
 * fields optional), read-only as props are, so `as const` arrays still fit.
 */
export type ConfigInput<S extends z.ZodType> = DeepReadonly<NonNullable<z.input<S>>>;
type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
