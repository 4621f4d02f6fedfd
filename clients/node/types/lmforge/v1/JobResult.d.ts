import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
/**
 * The job's result.
 */
export interface JobResult {
    /**
     * The registered version.
     */
    'output'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * Final metrics, also the registered version's: train_loss (the last
     * logged loss, the one the StepMetrics events ended with), train_loss_mean
     * (mean over the run), global_step, and with a validation split the eval
     * metrics of the registered weights and eval_step, the step they are from.
     * DPO adds train_rewards/margins and train_rewards/accuracies (the last
     * logged step's, as train_loss).
     */
    'metrics'?: ({
        [key: string]: number | string;
    });
}
/**
 * The job's result.
 */
export interface JobResult__Output {
    /**
     * The registered version.
     */
    'output': (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * Final metrics, also the registered version's: train_loss (the last
     * logged loss, the one the StepMetrics events ended with), train_loss_mean
     * (mean over the run), global_step, and with a validation split the eval
     * metrics of the registered weights and eval_step, the step they are from.
     * DPO adds train_rewards/margins and train_rewards/accuracies (the last
     * logged step's, as train_loss).
     */
    'metrics': ({
        [key: string]: number;
    });
}
