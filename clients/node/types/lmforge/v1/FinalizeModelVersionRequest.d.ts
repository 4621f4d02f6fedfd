import type { Long } from '@grpc/proto-loader';
/**
 * Request of FinalizeModelVersion.
 */
export interface FinalizeModelVersionRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Version number.
     */
    'version'?: (number | string | Long);
}
/**
 * Request of FinalizeModelVersion.
 */
export interface FinalizeModelVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number.
     */
    'version': (number);
}
