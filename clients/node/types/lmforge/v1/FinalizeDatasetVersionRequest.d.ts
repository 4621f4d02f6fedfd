import type { Long } from '@grpc/proto-loader';
/**
 * Request of FinalizeDatasetVersion.
 */
export interface FinalizeDatasetVersionRequest {
    /**
     * Name of the dataset.
     */
    'dataset'?: (string);
    /**
     * Version number.
     */
    'version'?: (number | string | Long);
}
/**
 * Request of FinalizeDatasetVersion.
 */
export interface FinalizeDatasetVersionRequest__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number.
     */
    'version': (number);
}
