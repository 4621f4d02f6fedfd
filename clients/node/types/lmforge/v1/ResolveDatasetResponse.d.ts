import type { Dataset as _lmforge_v1_Dataset, Dataset__Output as _lmforge_v1_Dataset__Output } from '../../lmforge/v1/Dataset';
import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of ResolveDataset.
 */
export interface ResolveDatasetResponse {
    /**
     * The dataset.
     */
    'dataset'?: (_lmforge_v1_Dataset | null);
    /**
     * The resolved READY version with files, row count and columns.
     */
    'version'?: (_lmforge_v1_DatasetVersion | null);
}
/**
 * Response of ResolveDataset.
 */
export interface ResolveDatasetResponse__Output {
    /**
     * The dataset.
     */
    'dataset': (_lmforge_v1_Dataset__Output | null);
    /**
     * The resolved READY version with files, row count and columns.
     */
    'version': (_lmforge_v1_DatasetVersion__Output | null);
}
