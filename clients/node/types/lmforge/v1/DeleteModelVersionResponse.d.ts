import type { Long } from '@grpc/proto-loader';
/**
 * Response of DeleteModelVersion.
 */
export interface DeleteModelVersionResponse {
    /**
     * Number of objects removed from the store.
     */
    'deletedObjects'?: (number | string | Long);
}
/**
 * Response of DeleteModelVersion.
 */
export interface DeleteModelVersionResponse__Output {
    /**
     * Number of objects removed from the store.
     */
    'deletedObjects': (number);
}
