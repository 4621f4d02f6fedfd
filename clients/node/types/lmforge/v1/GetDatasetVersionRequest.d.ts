import type { Long } from '@grpc/proto-loader';
/**
 * Request of GetDatasetVersion.
 */
export interface GetDatasetVersionRequest {
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
 * Request of GetDatasetVersion.
 */
export interface GetDatasetVersionRequest__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number.
     */
    'version': (number);
}
