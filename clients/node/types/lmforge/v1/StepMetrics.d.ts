import type { Long } from '@grpc/proto-loader';
/**
 * Training metrics at one logging step.
 */
export interface StepMetrics {
    /**
     * Optimizer step.
     */
    'step'?: (number | string | Long);
    /**
     * Total optimizer steps.
     */
    'totalSteps'?: (number | string | Long);
    /**
     * Fractional epoch.
     */
    'epoch'?: (number | string);
    /**
     * Training loss.
     */
    'loss'?: (number | string);
    /**
     * Learning rate.
     */
    'learningRate'?: (number | string);
    /**
     * Gradient norm.
     */
    'gradNorm'?: (number | string);
    /**
     * Training samples per second.
     */
    'samplesPerSecond'?: (number | string);
    /**
     * Method-specific figures of this step. DPO: trl's rewards/chosen,
     * rewards/rejected, rewards/margins, rewards/accuracies, logps/chosen and
     * logps/rejected (means over the logged steps).
     */
    'extra'?: ({
        [key: string]: number | string;
    });
}
/**
 * Training metrics at one logging step.
 */
export interface StepMetrics__Output {
    /**
     * Optimizer step.
     */
    'step': (number);
    /**
     * Total optimizer steps.
     */
    'totalSteps': (number);
    /**
     * Fractional epoch.
     */
    'epoch': (number);
    /**
     * Training loss.
     */
    'loss': (number);
    /**
     * Learning rate.
     */
    'learningRate': (number);
    /**
     * Gradient norm.
     */
    'gradNorm': (number);
    /**
     * Training samples per second.
     */
    'samplesPerSecond': (number);
    /**
     * Method-specific figures of this step. DPO: trl's rewards/chosen,
     * rewards/rejected, rewards/margins, rewards/accuracies, logps/chosen and
     * logps/rejected (means over the logged steps).
     */
    'extra': ({
        [key: string]: number;
    });
}
