import type { Long } from '@grpc/proto-loader';
/**
 * Response of DeleteModel.
 */
export interface DeleteModelResponse {
    /**
     * Number of versions deleted with the model.
     */
    'deletedVersions'?: (number | string | Long);
}
/**
 * Response of DeleteModel.
 */
export interface DeleteModelResponse__Output {
    /**
     * Number of versions deleted with the model.
     */
    'deletedVersions': (number);
}
