import type { Long } from '@grpc/proto-loader';
/**
 * Request of DeleteDatasetVersion.
 */
export interface DeleteDatasetVersionRequest {
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
 * Request of DeleteDatasetVersion.
 */
export interface DeleteDatasetVersionRequest__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number.
     */
    'version': (number);
}
