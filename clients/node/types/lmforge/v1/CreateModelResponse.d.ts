import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
/**
 * Response of CreateModel.
 */
export interface CreateModelResponse {
    /**
     * The created model.
     */
    'model'?: (_lmforge_v1_Model | null);
}
/**
 * Response of CreateModel.
 */
export interface CreateModelResponse__Output {
    /**
     * The created model.
     */
    'model': (_lmforge_v1_Model__Output | null);
}
