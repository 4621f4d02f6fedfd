import type { Long } from '@grpc/proto-loader';
/**
 * Optimisation settings.
 */
export interface Hyperparameters {
    /**
     * Epochs (default 1); ignored when max_steps is set.
     */
    'numEpochs'?: (number | string);
    /**
     * Total optimizer steps; overrides num_epochs when > 0.
     */
    'maxSteps'?: (number | string | Long);
    /**
     * Learning rate (default 2e-4 for LoRA, 5e-5 for full); must be > 0.
     */
    'learningRate'?: (number | string);
    /**
     * Batch size per worker (default 8).
     */
    'perDeviceBatchSize'?: (number);
    /**
     * Gradient accumulation steps (default 1).
     */
    'gradientAccumulationSteps'?: (number);
    /**
     * Maximum sequence length in tokens (default 512).
     */
    'maxLength'?: (number);
    /**
     * Warmup as a fraction of total steps.
     */
    'warmupRatio'?: (number | string);
    /**
     * Weight decay.
     */
    'weightDecay'?: (number | string);
    /**
     * Random seed (default 42).
     */
    'seed'?: (number | string | Long);
    /**
     * Log metrics every this many steps (default 1).
     */
    'loggingSteps'?: (number);
    /**
     * (Numbers from 20 leave room for other additions to this message.)
     * Learning-rate schedule, a transformers SchedulerType name (default "linear").
     */
    'lrSchedulerType'?: (string);
    /**
     * Trade compute for memory: recompute activations in the backward pass.
     */
    'gradientCheckpointing'?: (boolean);
    /**
     * Mixed precision in bfloat16 (also the QLoRA compute dtype). GPU only.
     */
    'bf16'?: (boolean);
    /**
     * Mixed precision in float16 (also the QLoRA compute dtype). GPU only; not with bf16.
     */
    'fp16'?: (boolean);
    /**
     * DPO only: the KL penalty coefficient (trl's DPOConfig.beta; default 0.1),
     * in (0, 10]. Larger keeps the tuned model closer to the base. (Numbered
     * apart from the general trainer arguments, which grow from 11.)
     */
    'beta'?: (number | string);
    '_beta'?: "beta";
}
/**
 * Optimisation settings.
 */
export interface Hyperparameters__Output {
    /**
     * Epochs (default 1); ignored when max_steps is set.
     */
    'numEpochs': (number);
    /**
     * Total optimizer steps; overrides num_epochs when > 0.
     */
    'maxSteps': (number);
    /**
     * Learning rate (default 2e-4 for LoRA, 5e-5 for full); must be > 0.
     */
    'learningRate': (number);
    /**
     * Batch size per worker (default 8).
     */
    'perDeviceBatchSize': (number);
    /**
     * Gradient accumulation steps (default 1).
     */
    'gradientAccumulationSteps': (number);
    /**
     * Maximum sequence length in tokens (default 512).
     */
    'maxLength': (number);
    /**
     * Warmup as a fraction of total steps.
     */
    'warmupRatio': (number);
    /**
     * Weight decay.
     */
    'weightDecay': (number);
    /**
     * Random seed (default 42).
     */
    'seed': (number);
    /**
     * Log metrics every this many steps (default 1).
     */
    'loggingSteps': (number);
    /**
     * (Numbers from 20 leave room for other additions to this message.)
     * Learning-rate schedule, a transformers SchedulerType name (default "linear").
     */
    'lrSchedulerType': (string);
    /**
     * Trade compute for memory: recompute activations in the backward pass.
     */
    'gradientCheckpointing': (boolean);
    /**
     * Mixed precision in bfloat16 (also the QLoRA compute dtype). GPU only.
     */
    'bf16': (boolean);
    /**
     * Mixed precision in float16 (also the QLoRA compute dtype). GPU only; not with bf16.
     */
    'fp16': (boolean);
    /**
     * DPO only: the KL penalty coefficient (trl's DPOConfig.beta; default 0.1),
     * in (0, 10]. Larger keeps the tuned model closer to the base. (Numbered
     * apart from the general trainer arguments, which grow from 11.)
     */
    'beta'?: (number);
    '_beta'?: "beta";
}
