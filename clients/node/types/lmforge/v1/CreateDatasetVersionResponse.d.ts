import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of CreateDatasetVersion.
 */
export interface CreateDatasetVersionResponse {
    /**
     * The new PENDING version.
     */
    'version'?: (_lmforge_v1_DatasetVersion | null);
}
/**
 * Response of CreateDatasetVersion.
 */
export interface CreateDatasetVersionResponse__Output {
    /**
     * The new PENDING version.
     */
    'version': (_lmforge_v1_DatasetVersion__Output | null);
}
