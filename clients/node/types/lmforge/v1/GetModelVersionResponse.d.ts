import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of GetModelVersion.
 */
export interface GetModelVersionResponse {
    /**
     * The version.
     */
    'version'?: (_lmforge_v1_ModelVersion | null);
}
/**
 * Response of GetModelVersion.
 */
export interface GetModelVersionResponse__Output {
    /**
     * The version.
     */
    'version': (_lmforge_v1_ModelVersion__Output | null);
}
