import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
import type { DatasetVersionKey as _lmforge_v1_DatasetVersionKey, DatasetVersionKey__Output as _lmforge_v1_DatasetVersionKey__Output } from '../../lmforge/v1/DatasetVersionKey';
/**
 * The version a file operation applies to.
 */
export interface ArtifactTarget {
    /**
     * A model version.
     */
    'modelVersion'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * A dataset version.
     */
    'datasetVersion'?: (_lmforge_v1_DatasetVersionKey | null);
    /**
     * Exactly one must be set.
     */
    'target'?: "modelVersion" | "datasetVersion";
}
/**
 * The version a file operation applies to.
 */
export interface ArtifactTarget__Output {
    /**
     * A model version.
     */
    'modelVersion'?: (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * A dataset version.
     */
    'datasetVersion'?: (_lmforge_v1_DatasetVersionKey__Output | null);
    /**
     * Exactly one must be set.
     */
    'target'?: "modelVersion" | "datasetVersion";
}
