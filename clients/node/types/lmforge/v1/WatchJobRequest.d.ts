import type { Long } from '@grpc/proto-loader';
/**
 * Request of WatchJob.
 */
export interface WatchJobRequest {
    /**
     * Job id.
     */
    'id'?: (string);
    /**
     * Skip history events with sequence <= this (0: send all history).
     */
    'afterSequence'?: (number | string | Long);
}
/**
 * Request of WatchJob.
 */
export interface WatchJobRequest__Output {
    /**
     * Job id.
     */
    'id': (string);
    /**
     * Skip history events with sequence <= this (0: send all history).
     */
    'afterSequence': (number);
}
