import type { Long } from '@grpc/proto-loader';
/**
 * Request of GetModelVersion.
 */
export interface GetModelVersionRequest {
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
 * Request of GetModelVersion.
 */
export interface GetModelVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number.
     */
    'version': (number);
}
