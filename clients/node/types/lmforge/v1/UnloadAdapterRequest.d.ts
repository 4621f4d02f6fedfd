/**
 * Request of UnloadAdapter.
 */
export interface UnloadAdapterRequest {
    /**
     * Name of the loaded base model.
     */
    'model'?: (string);
    /**
     * Name of the adapter.
     */
    'name'?: (string);
}
/**
 * Request of UnloadAdapter.
 */
export interface UnloadAdapterRequest__Output {
    /**
     * Name of the loaded base model.
     */
    'model': (string);
    /**
     * Name of the adapter.
     */
    'name': (string);
}
