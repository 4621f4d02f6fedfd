import type { Dataset as _lmforge_v1_Dataset, Dataset__Output as _lmforge_v1_Dataset__Output } from '../../lmforge/v1/Dataset';
/**
 * Request of CreateDataset.
 */
export interface CreateDatasetRequest {
    /**
     * The dataset to create: name is required.
     */
    'dataset'?: (_lmforge_v1_Dataset | null);
}
/**
 * Request of CreateDataset.
 */
export interface CreateDatasetRequest__Output {
    /**
     * The dataset to create: name is required.
     */
    'dataset': (_lmforge_v1_Dataset__Output | null);
}
