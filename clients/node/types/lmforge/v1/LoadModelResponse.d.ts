import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from '../../lmforge/v1/LoadedModel';
/**
 * Response of LoadModel.
 */
export interface LoadModelResponse {
    /**
     * The model (READY unless no_wait was set).
     */
    'model'?: (_lmforge_v1_LoadedModel | null);
}
/**
 * Response of LoadModel.
 */
export interface LoadModelResponse__Output {
    /**
     * The model (READY unless no_wait was set).
     */
    'model': (_lmforge_v1_LoadedModel__Output | null);
}
