import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of GetDatasetVersion.
 */
export interface GetDatasetVersionResponse {
    /**
     * The version.
     */
    'version'?: (_lmforge_v1_DatasetVersion | null);
}
/**
 * Response of GetDatasetVersion.
 */
export interface GetDatasetVersionResponse__Output {
    /**
     * The version.
     */
    'version': (_lmforge_v1_DatasetVersion__Output | null);
}
