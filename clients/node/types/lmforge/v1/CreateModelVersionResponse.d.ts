import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of CreateModelVersion.
 */
export interface CreateModelVersionResponse {
    /**
     * The new PENDING version.
     */
    'version'?: (_lmforge_v1_ModelVersion | null);
}
/**
 * Response of CreateModelVersion.
 */
export interface CreateModelVersionResponse__Output {
    /**
     * The new PENDING version.
     */
    'version': (_lmforge_v1_ModelVersion__Output | null);
}
