/**
 * Request of GetDataset.
 */
export interface GetDatasetRequest {
    /**
     * Name of the dataset.
     */
    'name'?: (string);
}
/**
 * Request of GetDataset.
 */
export interface GetDatasetRequest__Output {
    /**
     * Name of the dataset.
     */
    'name': (string);
}
