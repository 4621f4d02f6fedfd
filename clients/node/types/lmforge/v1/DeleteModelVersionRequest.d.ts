import type { Long } from '@grpc/proto-loader';
/**
 * Request of DeleteModelVersion.
 */
export interface DeleteModelVersionRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Version number.
     */
    'version'?: (number | string | Long);
    /**
     * Delete even if aliases or adapters refer to it (aliases are removed).
     */
    'force'?: (boolean);
}
/**
 * Request of DeleteModelVersion.
 */
export interface DeleteModelVersionRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number.
     */
    'version': (number);
    /**
     * Delete even if aliases or adapters refer to it (aliases are removed).
     */
    'force': (boolean);
}
