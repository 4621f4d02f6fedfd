import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of ResolveModel.
 */
export interface ResolveModelResponse {
    /**
     * The model.
     */
    'model'?: (_lmforge_v1_Model | null);
    /**
     * The resolved READY version with its files.
     */
    'version'?: (_lmforge_v1_ModelVersion | null);
    /**
     * For an adapter: the base model.
     */
    'baseModel'?: (_lmforge_v1_Model | null);
    /**
     * For an adapter: the base version with its files.
     */
    'baseVersion'?: (_lmforge_v1_ModelVersion | null);
}
/**
 * Response of ResolveModel.
 */
export interface ResolveModelResponse__Output {
    /**
     * The model.
     */
    'model': (_lmforge_v1_Model__Output | null);
    /**
     * The resolved READY version with its files.
     */
    'version': (_lmforge_v1_ModelVersion__Output | null);
    /**
     * For an adapter: the base model.
     */
    'baseModel': (_lmforge_v1_Model__Output | null);
    /**
     * For an adapter: the base version with its files.
     */
    'baseVersion': (_lmforge_v1_ModelVersion__Output | null);
}
