/**
 * Request of ResolveDataset.
 */
export interface ResolveDatasetRequest {
    /**
     * "name" (latest READY version) or "name:3".
     */
    'reference'?: (string);
}
/**
 * Request of ResolveDataset.
 */
export interface ResolveDatasetRequest__Output {
    /**
     * "name" (latest READY version) or "name:3".
     */
    'reference': (string);
}
