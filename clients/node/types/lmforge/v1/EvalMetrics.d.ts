import type { Long } from '@grpc/proto-loader';
/**
 * Evaluation metrics.
 */
export interface EvalMetrics {
    /**
     * Optimizer step of the weights evaluated. The last evaluation of a job is
     * of the weights it registers: with metric_for_best_model that is the best
     * checkpoint's step.
     */
    'step'?: (number | string | Long);
    /**
     * Metric name -> value, e.g. eval_loss, eval_accuracy.
     */
    'metrics'?: ({
        [key: string]: number | string;
    });
}
/**
 * Evaluation metrics.
 */
export interface EvalMetrics__Output {
    /**
     * Optimizer step of the weights evaluated. The last evaluation of a job is
     * of the weights it registers: with metric_for_best_model that is the best
     * checkpoint's step.
     */
    'step': (number);
    /**
     * Metric name -> value, e.g. eval_loss, eval_accuracy.
     */
    'metrics': ({
        [key: string]: number;
    });
}
