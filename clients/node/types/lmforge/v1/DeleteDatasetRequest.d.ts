/**
 * Request of DeleteDataset.
 */
export interface DeleteDatasetRequest {
    /**
     * Name of the dataset.
     */
    'name'?: (string);
    /**
     * Also delete every version and its objects.
     */
    'force'?: (boolean);
}
/**
 * Request of DeleteDataset.
 */
export interface DeleteDatasetRequest__Output {
    /**
     * Name of the dataset.
     */
    'name': (string);
    /**
     * Also delete every version and its objects.
     */
    'force': (boolean);
}
