/**
 * Request of GetModel.
 */
export interface GetModelRequest {
    /**
     * Name of the model.
     */
    'name'?: (string);
}
/**
 * Request of GetModel.
 */
export interface GetModelRequest__Output {
    /**
     * Name of the model.
     */
    'name': (string);
}
