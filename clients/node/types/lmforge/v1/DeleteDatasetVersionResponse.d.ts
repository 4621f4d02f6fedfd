import type { Long } from '@grpc/proto-loader';
/**
 * Response of DeleteDatasetVersion.
 */
export interface DeleteDatasetVersionResponse {
    /**
     * Number of objects removed from the store.
     */
    'deletedObjects'?: (number | string | Long);
}
/**
 * Response of DeleteDatasetVersion.
 */
export interface DeleteDatasetVersionResponse__Output {
    /**
     * Number of objects removed from the store.
     */
    'deletedObjects': (number);
}
