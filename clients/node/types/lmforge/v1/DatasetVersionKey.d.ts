import type { Long } from '@grpc/proto-loader';
/**
 * Identifies one version of a registered dataset.
 */
export interface DatasetVersionKey {
    /**
     * Name of the dataset.
     */
    'dataset'?: (string);
    /**
     * Version number, starting at 1.
     */
    'version'?: (number | string | Long);
}
/**
 * Identifies one version of a registered dataset.
 */
export interface DatasetVersionKey__Output {
    /**
     * Name of the dataset.
     */
    'dataset': (string);
    /**
     * Version number, starting at 1.
     */
    'version': (number);
}
