import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of AbortModelVersion.
 */
export interface AbortModelVersionResponse {
    /**
     * The version, now FAILED.
     */
    'version'?: (_lmforge_v1_ModelVersion | null);
}
/**
 * Response of AbortModelVersion.
 */
export interface AbortModelVersionResponse__Output {
    /**
     * The version, now FAILED.
     */
    'version': (_lmforge_v1_ModelVersion__Output | null);
}
