/**
 * Request of DeleteModel.
 */
export interface DeleteModelRequest {
    /**
     * Name of the model.
     */
    'name'?: (string);
    /**
     * Also delete every version and its objects.
     */
    'force'?: (boolean);
}
/**
 * Request of DeleteModel.
 */
export interface DeleteModelRequest__Output {
    /**
     * Name of the model.
     */
    'name': (string);
    /**
     * Also delete every version and its objects.
     */
    'force': (boolean);
}
