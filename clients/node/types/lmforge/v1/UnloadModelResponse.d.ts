import type { Long } from '@grpc/proto-loader';
/**
 * Response of UnloadModel.
 */
export interface UnloadModelResponse {
    /**
     * Bytes freed.
     */
    'freedBytes'?: (number | string | Long);
}
/**
 * Response of UnloadModel.
 */
export interface UnloadModelResponse__Output {
    /**
     * Bytes freed.
     */
    'freedBytes': (number);
}
