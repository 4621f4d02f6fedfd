import type { Long } from '@grpc/proto-loader';
/**
 * Response of DeleteAlias.
 */
export interface DeleteAliasResponse {
    /**
     * The version the alias pointed at.
     */
    'previousVersion'?: (number | string | Long);
}
/**
 * Response of DeleteAlias.
 */
export interface DeleteAliasResponse__Output {
    /**
     * The version the alias pointed at.
     */
    'previousVersion': (number);
}
