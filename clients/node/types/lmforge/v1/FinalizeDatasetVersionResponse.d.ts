import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of FinalizeDatasetVersion.
 */
export interface FinalizeDatasetVersionResponse {
    /**
     * The version, now READY, with row_count and columns.
     */
    'version'?: (_lmforge_v1_DatasetVersion | null);
}
/**
 * Response of FinalizeDatasetVersion.
 */
export interface FinalizeDatasetVersionResponse__Output {
    /**
     * The version, now READY, with row_count and columns.
     */
    'version': (_lmforge_v1_DatasetVersion__Output | null);
}
