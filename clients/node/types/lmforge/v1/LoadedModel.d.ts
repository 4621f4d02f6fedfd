import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from '../../lmforge/v1/ModelVersionKey';
import type { ModelState as _lmforge_v1_ModelState, ModelState__Output as _lmforge_v1_ModelState__Output } from '../../lmforge/v1/ModelState';
import type { LoadedAdapter as _lmforge_v1_LoadedAdapter, LoadedAdapter__Output as _lmforge_v1_LoadedAdapter__Output } from '../../lmforge/v1/LoadedAdapter';
import type { Long } from '@grpc/proto-loader';
/**
 * A model in the server's memory.
 */
export interface LoadedModel {
    /**
     * The name requests use to select it (default: the registry model name).
     */
    'name'?: (string);
    /**
     * The registry reference it was loaded from, as given.
     */
    'reference'?: (string);
    /**
     * The resolved registry version.
     */
    'version'?: (_lmforge_v1_ModelVersionKey | null);
    /**
     * Pipeline task served.
     */
    'task'?: (string);
    /**
     * Lifecycle state.
     */
    'state'?: (_lmforge_v1_ModelState);
    /**
     * Device, e.g. "cpu" or "cuda:0".
     */
    'device'?: (string);
    /**
     * Torch dtype of the weights.
     */
    'dtype'?: (string);
    /**
     * Bytes of parameters and buffers.
     */
    'memoryBytes'?: (number | string | Long);
    /**
     * Requests waiting or running on this model.
     */
    'queueDepth'?: (number);
    /**
     * Attached adapters.
     */
    'adapters'?: (_lmforge_v1_LoadedAdapter)[];
    /**
     * Why loading failed, if it did.
     */
    'error'?: (string);
    /**
     * Maximum context length in tokens (prompt + generation).
     */
    'maxContextTokens'?: (number);
    /**
     * The alias this model follows (LoadModelRequest.follow), empty if none.
     */
    'followAlias'?: (string);
    /**
     * Why the last swap to a new version of the followed alias failed (the old
     * version kept serving); empty after a successful swap.
     */
    'swapError'?: (string);
}
/**
 * A model in the server's memory.
 */
export interface LoadedModel__Output {
    /**
     * The name requests use to select it (default: the registry model name).
     */
    'name': (string);
    /**
     * The registry reference it was loaded from, as given.
     */
    'reference': (string);
    /**
     * The resolved registry version.
     */
    'version': (_lmforge_v1_ModelVersionKey__Output | null);
    /**
     * Pipeline task served.
     */
    'task': (string);
    /**
     * Lifecycle state.
     */
    'state': (_lmforge_v1_ModelState__Output);
    /**
     * Device, e.g. "cpu" or "cuda:0".
     */
    'device': (string);
    /**
     * Torch dtype of the weights.
     */
    'dtype': (string);
    /**
     * Bytes of parameters and buffers.
     */
    'memoryBytes': (number);
    /**
     * Requests waiting or running on this model.
     */
    'queueDepth': (number);
    /**
     * Attached adapters.
     */
    'adapters': (_lmforge_v1_LoadedAdapter__Output)[];
    /**
     * Why loading failed, if it did.
     */
    'error': (string);
    /**
     * Maximum context length in tokens (prompt + generation).
     */
    'maxContextTokens': (number);
    /**
     * The alias this model follows (LoadModelRequest.follow), empty if none.
     */
    'followAlias': (string);
    /**
     * Why the last swap to a new version of the followed alias failed (the old
     * version kept serving); empty after a successful swap.
     */
    'swapError': (string);
}
