/**
 * Request of ResolveModel.
 */
export interface ResolveModelRequest {
    /**
     * "name" (latest READY version), "name:3" or "name@alias".
     */
    'reference'?: (string);
}
/**
 * Request of ResolveModel.
 */
export interface ResolveModelRequest__Output {
    /**
     * "name" (latest READY version), "name:3" or "name@alias".
     */
    'reference': (string);
}
