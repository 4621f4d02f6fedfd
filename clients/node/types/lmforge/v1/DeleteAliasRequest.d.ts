import type { Long } from '@grpc/proto-loader';
/**
 * Request of DeleteAlias.
 */
export interface DeleteAliasRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Alias name.
     */
    'alias'?: (string);
    /**
     * Compare-and-swap: when set, the alias must currently point at this version.
     */
    'expectedVersion'?: (number | string | Long);
    '_expectedVersion'?: "expectedVersion";
}
/**
 * Request of DeleteAlias.
 */
export interface DeleteAliasRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Alias name.
     */
    'alias': (string);
    /**
     * Compare-and-swap: when set, the alias must currently point at this version.
     */
    'expectedVersion'?: (number);
    '_expectedVersion'?: "expectedVersion";
}
