import type { Dataset as _lmforge_v1_Dataset, Dataset__Output as _lmforge_v1_Dataset__Output } from '../../lmforge/v1/Dataset';
/**
 * Response of GetDataset.
 */
export interface GetDatasetResponse {
    /**
     * The dataset.
     */
    'dataset'?: (_lmforge_v1_Dataset | null);
}
/**
 * Response of GetDataset.
 */
export interface GetDatasetResponse__Output {
    /**
     * The dataset.
     */
    'dataset': (_lmforge_v1_Dataset__Output | null);
}
