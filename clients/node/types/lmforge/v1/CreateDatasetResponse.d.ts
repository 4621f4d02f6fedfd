import type { Dataset as _lmforge_v1_Dataset, Dataset__Output as _lmforge_v1_Dataset__Output } from '../../lmforge/v1/Dataset';
/**
 * Response of CreateDataset.
 */
export interface CreateDatasetResponse {
    /**
     * The created dataset.
     */
    'dataset'?: (_lmforge_v1_Dataset | null);
}
/**
 * Response of CreateDataset.
 */
export interface CreateDatasetResponse__Output {
    /**
     * The created dataset.
     */
    'dataset': (_lmforge_v1_Dataset__Output | null);
}
