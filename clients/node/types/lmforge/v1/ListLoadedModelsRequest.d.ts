/**
 * Request of ListLoadedModels.
 */
export interface ListLoadedModelsRequest {
}
/**
 * Request of ListLoadedModels.
 */
export interface ListLoadedModelsRequest__Output {
}
