/**
 * Request of UnloadModel.
 */
export interface UnloadModelRequest {
    /**
     * Name of the loaded model.
     */
    'name'?: (string);
}
/**
 * Request of UnloadModel.
 */
export interface UnloadModelRequest__Output {
    /**
     * Name of the loaded model.
     */
    'name': (string);
}
