import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
/**
 * Response of UpdateModel.
 */
export interface UpdateModelResponse {
    /**
     * The updated model.
     */
    'model'?: (_lmforge_v1_Model | null);
}
/**
 * Response of UpdateModel.
 */
export interface UpdateModelResponse__Output {
    /**
     * The updated model.
     */
    'model': (_lmforge_v1_Model__Output | null);
}
