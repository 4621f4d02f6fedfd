import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from '../../lmforge/v1/LoadedModel';
/**
 * Response of UnloadAdapter.
 */
export interface UnloadAdapterResponse {
    /**
     * The base model with its remaining adapters.
     */
    'model'?: (_lmforge_v1_LoadedModel | null);
}
/**
 * Response of UnloadAdapter.
 */
export interface UnloadAdapterResponse__Output {
    /**
     * The base model with its remaining adapters.
     */
    'model': (_lmforge_v1_LoadedModel__Output | null);
}
