import type { Long } from '@grpc/proto-loader';
/**
 * Request of AbortModelVersion.
 */
export interface AbortModelVersionRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
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
 * Request of AbortModelVersion.
 */
export interface AbortModelVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number.
     */
    'version': (number);
    /**
     * Why, recorded as failure_reason.
     */
    'reason': (string);
}
