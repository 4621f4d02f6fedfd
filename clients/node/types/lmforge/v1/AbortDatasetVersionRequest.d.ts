import type { Long } from '@grpc/proto-loader';
/**
 * Request of AbortDatasetVersion.
 */
export interface AbortDatasetVersionRequest {
    /**
     * Name of the dataset.
     */
    'dataset'?: (string);
    /**
     * Version number.
     */
    'version'?: (number | string | Long);
    /**
     * Why, recorded as failure_reason.
     */
    'reason'?: (string);
}
/**
 * Request of AbortDatasetVersion.
 */
export interface AbortDatasetVersionRequest__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number.
     */
    'version': (number);
    /**
     * Why, recorded as failure_reason.
     */
    'reason': (string);
}
