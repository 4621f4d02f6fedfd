import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
import type { DatasetVersionKey as _lmforge_v1_DatasetVersionKey, DatasetVersionKey__Output as _lmforge_v1_DatasetVersionKey__Output } from '../../lmforge/v1/DatasetVersionKey';
/**
 * Where a version came from.
 */
export interface Lineage {
    /**
     * For an adapter: the base model version it applies to.
     */
    'base'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * The training job that produced this version, if any.
     */
    'sourceJobId'?: (string);
    /**
     * The dataset version it was trained on, if any.
     */
    'dataset'?: (_lmforge_v1_DatasetVersionKey | null);
    /**
     * Hyperparameters of the producing job, as strings.
     */
    'hyperparameters'?: ({
        [key: string]: string;
    });
    /**
     * The version this one was fine-tuned from (for a full fine-tune).
     */
    'parent'?: (_lmforge_v1_ModelVersionKey | null);
}
/**
 * Where a version came from.
 */
export interface Lineage__Output {
    /**
     * For an adapter: the base model version it applies to.
     */
    'base': (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * The training job that produced this version, if any.
     */
    'sourceJobId': (string);
    /**
     * The dataset version it was trained on, if any.
     */
    'dataset': (_lmforge_v1_DatasetVersionKey__Output | null);
    /**
     * Hyperparameters of the producing job, as strings.
     */
    'hyperparameters': ({
        [key: string]: string;
    });
    /**
     * The version this one was fine-tuned from (for a full fine-tune).
     */
    'parent': (_lmforge_v1_ModelVersionKey__Output | null);
}
