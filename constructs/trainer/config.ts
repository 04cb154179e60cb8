import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { RUNTIME_NAMES, RuntimeName } from './runtimes';

// One switch per upstream runtime, so a typo in a runtime name is a config error.
const runtimeSwitches = Object.fromEntries(RUNTIME_NAMES.map((n) => [n, z.boolean().default(true)])) as Record<RuntimeName, z.ZodDefault<z.ZodBoolean>>;

/** The options of `components.trainer` the Trainer construct takes as they are (its props are derived from them). */
export const trainerOptions = z.strictObject({
  /**
   * `install` deploys JobSet with the trainer; `external` uses the cluster's own JobSet
   * (its CRD and controller must be there already). @default "install"
   */
  jobset: z.enum(['install', 'external']).default('install'),
});

/** Platform config of the trainer component (`components.trainer`). */
export const trainerConfig = z
  .strictObject({
    ...componentBase,
    /**
     * Cluster training runtimes to install, by name (`deepspeed-distributed`, `jax-distributed`,
     * `mlx-distributed`, `torch-distributed`, `torchtune-llama3.2-1b`, `torchtune-llama3.2-3b`,
     * `torchtune-qwen2.5-1.5b`, `xgboost-distributed`); a runtime the release does not ship is skipped.
     * @default every runtime on
     */
    runtimes: z.strictObject(runtimeSwitches).prefault({}),
    ...trainerOptions.shape,
  })
  .prefault({});

export type TrainerConfig = z.output<typeof trainerConfig>;
