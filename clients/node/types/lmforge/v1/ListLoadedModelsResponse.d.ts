import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from '../../lmforge/v1/LoadedModel';
/**
 * Response of ListLoadedModels.
 */
export interface ListLoadedModelsResponse {
    /**
     * Every loaded or loading model.
     */
    'models'?: (_lmforge_v1_LoadedModel)[];
}
/**
 * Response of ListLoadedModels.
 */
export interface ListLoadedModelsResponse__Output {
    /**
     * Every loaded or loading model.
     */
    'models': (_lmforge_v1_LoadedModel__Output)[];
}
