import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
/**
 * Request of CreateModel.
 */
export interface CreateModelRequest {
    /**
     * The model to create: name and task are required.
     */
    'model'?: (_lmforge_v1_Model | null);
}
/**
 * Request of CreateModel.
 */
export interface CreateModelRequest__Output {
    /**
     * The model to create: name and task are required.
     */
    'model': (_lmforge_v1_Model__Output | null);
}
