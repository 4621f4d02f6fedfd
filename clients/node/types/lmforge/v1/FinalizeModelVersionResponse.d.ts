import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of FinalizeModelVersion.
 */
export interface FinalizeModelVersionResponse {
    /**
     * The version, now READY.
     */
    'version'?: (_lmforge_v1_ModelVersion | null);
}
/**
 * Response of FinalizeModelVersion.
 */
export interface FinalizeModelVersionResponse__Output {
    /**
     * The version, now READY.
     */
    'version': (_lmforge_v1_ModelVersion__Output | null);
}
