import type { LoadOptions as _lmforge_v1_LoadOptions, LoadOptions__Output as _lmforge_v1_LoadOptions__Output } from '../../lmforge/v1/LoadOptions';
/**
 * Request of LoadModel.
 */
export interface LoadModelRequest {
    /**
     * Registry reference: "name", "name:3" or "name@alias".
     */
    'reference'?: (string);
    /**
     * Name requests will use (default: the model name).
     */
    'name'?: (string);
    /**
     * How to load it.
     */
    'options'?: (_lmforge_v1_LoadOptions | null);
    /**
     * Return at once with state LOADING instead of waiting for READY.
     */
    'noWait'?: (boolean);
    /**
     * Keep the model bound to the alias of reference ("name@alias"): when the
     * alias moves, the server loads and warms the new version in the background
     * while this one serves, then switches new requests to it at once; requests
     * in flight finish on the old version, which is then unloaded. A swap that
     * fails leaves the old version serving (LoadedModel.swap_error says why).
     * A reference without "@alias" is INVALID_ARGUMENT.
     */
    'follow'?: (boolean);
}
/**
 * Request of LoadModel.
 */
export interface LoadModelRequest__Output {
    /**
     * Registry reference: "name", "name:3" or "name@alias".
     */
    'reference': (string);
    /**
     * Name requests will use (default: the model name).
     */
    'name': (string);
    /**
     * How to load it.
     */
    'options': (_lmforge_v1_LoadOptions__Output | null);
    /**
     * Return at once with state LOADING instead of waiting for READY.
     */
    'noWait': (boolean);
    /**
     * Keep the model bound to the alias of reference ("name@alias"): when the
     * alias moves, the server loads and warms the new version in the background
     * while this one serves, then switches new requests to it at once; requests
     * in flight finish on the old version, which is then unloaded. A swap that
     * fails leaves the old version serving (LoadedModel.swap_error says why).
     * A reference without "@alias" is INVALID_ARGUMENT.
     */
    'follow': (boolean);
}
