import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from '../../lmforge/v1/LoadedModel';
/**
 * Response of LoadAdapter.
 */
export interface LoadAdapterResponse {
    /**
     * The base model with its adapters.
     */
    'model'?: (_lmforge_v1_LoadedModel | null);
}
/**
 * Response of LoadAdapter.
 */
export interface LoadAdapterResponse__Output {
    /**
     * The base model with its adapters.
     */
    'model': (_lmforge_v1_LoadedModel__Output | null);
}
