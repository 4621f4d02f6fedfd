import type { Long } from '@grpc/proto-loader';
/**
 * Identifies one version of a registered model.
 */
export interface ModelVersionKey {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Version number, starting at 1.
     */
    'version'?: (number | string | Long);
}
/**
 * Identifies one version of a registered model.
 */
export interface ModelVersionKey__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Version number, starting at 1.
     */
    'version': (number);
}
