import type { Long } from '@grpc/proto-loader';
/**
 * Response of DeleteDataset.
 */
export interface DeleteDatasetResponse {
    /**
     * Number of versions deleted with the dataset.
     */
    'deletedVersions'?: (number | string | Long);
}
/**
 * Response of DeleteDataset.
 */
export interface DeleteDatasetResponse__Output {
    /**
     * Number of versions deleted with the dataset.
     */
    'deletedVersions': (number);
}
