import type { Long } from '@grpc/proto-loader';
/**
 * A checkpoint was saved.
 */
export interface CheckpointSaved {
    /**
     * Optimizer step.
     */
    'step'?: (number | string | Long);
    /**
     * Where the checkpoint lives (object store URI or local path).
     */
    'uri'?: (string);
}
/**
 * A checkpoint was saved.
 */
export interface CheckpointSaved__Output {
    /**
     * Optimizer step.
     */
    'step': (number);
    /**
     * Where the checkpoint lives (object store URI or local path).
     */
    'uri': (string);
}
