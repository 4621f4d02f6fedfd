/**
 * Request of LoadAdapter.
 */
export interface LoadAdapterRequest {
    /**
     * Name of the loaded base model to attach to.
     */
    'model'?: (string);
    /**
     * Registry reference of the adapter version.
     */
    'reference'?: (string);
    /**
     * Name requests will use (default: the reference).
     */
    'name'?: (string);
}
/**
 * Request of LoadAdapter.
 */
export interface LoadAdapterRequest__Output {
    /**
     * Name of the loaded base model to attach to.
     */
    'model': (string);
    /**
     * Registry reference of the adapter version.
     */
    'reference': (string);
    /**
     * Name requests will use (default: the reference).
     */
    'name': (string);
}
