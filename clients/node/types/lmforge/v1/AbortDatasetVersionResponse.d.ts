import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of AbortDatasetVersion.
 */
export interface AbortDatasetVersionResponse {
    /**
     * The version, now FAILED.
     */
    'version'?: (_lmforge_v1_DatasetVersion | null);
}
/**
 * Response of AbortDatasetVersion.
 */
export interface AbortDatasetVersionResponse__Output {
    /**
     * The version, now FAILED.
     */
    'version': (_lmforge_v1_DatasetVersion__Output | null);
}
