/**
 * Request of GetServerInfo.
 */
export interface GetServerInfoRequest {
}
/**
 * Request of GetServerInfo.
 */
export interface GetServerInfoRequest__Output {
}
