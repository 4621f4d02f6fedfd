import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
/**
 * A LoRA adapter attached to a loaded model.
 */
export interface LoadedAdapter {
    /**
     * The name requests use to select it (default: the registry reference).
     */
    'name'?: (string);
    /**
     * The resolved registry version.
     */
    'version'?: (_lmforge_v1_ModelVersionKey | null);
}
/**
 * A LoRA adapter attached to a loaded model.
 */
export interface LoadedAdapter__Output {
    /**
     * The name requests use to select it (default: the registry reference).
     */
    'name': (string);
    /**
     * The resolved registry version.
     */
    'version': (_lmforge_v1_ModelVersionKey__Output | null);
}
