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
}
