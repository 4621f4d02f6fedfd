import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
/**
 * Response of GetModel.
 */
export interface GetModelResponse {
    /**
     * The model.
     */
    'model'?: (_lmforge_v1_Model | null);
}
/**
 * Response of GetModel.
 */
export interface GetModelResponse__Output {
    /**
     * The model.
     */
    'model': (_lmforge_v1_Model__Output | null);
}
