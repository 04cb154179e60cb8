import { z } from 'zod';

// The toleration every config file may carry (placement, notebook spawner presets, PodDefaults
// in tenant files), and the label key and value checks it needs: one home, so a toleration is
// checked the same way wherever it is written.

/** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
export const LABEL_KEY_TEXT = "must be a label key: an optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

export const labelKey = z.string().regex(LABEL_KEY, { message: LABEL_KEY_TEXT });
export const labelValue = z.string().regex(LABEL_VALUE, { message: "must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)" });

/** A toleration, as in a pod spec; checked the way the API server checks it. */
export const toleration = z
  .strictObject({
    /** The taint key; empty (with operator Exists) tolerates every taint. */
    key: labelKey.optional(),
    /** @default "Equal" */
    operator: z.enum(['Equal', 'Exists']).optional(),
    /** The taint value; must be empty with operator Exists. */
    value: labelValue.optional(),
    /** The taint effect to tolerate; none means every effect. */
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    /** How long a NoExecute taint is tolerated, in seconds; only with effect NoExecute. */
    tolerationSeconds: z.number().int().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.operator === 'Exists' && t.value) ctx.addIssue({ code: 'custom', path: ['value'], input: t.value, message: 'must be empty when operator is Exists' });
    if (!t.key && t.operator !== 'Exists') ctx.addIssue({ code: 'custom', path: ['operator'], input: t.operator ?? 'Equal', message: 'must be Exists when key is empty (a toleration of every taint)' });
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') ctx.addIssue({ code: 'custom', path: ['tolerationSeconds'], input: t.tolerationSeconds, message: 'is allowed only with effect NoExecute' });
  });
/** A core Toleration; unset fields take Kubernetes' defaults. */
export type Toleration = z.output<typeof toleration>;
