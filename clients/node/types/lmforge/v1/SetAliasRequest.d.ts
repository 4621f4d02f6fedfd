import type { Long } from '@grpc/proto-loader';
/**
 * Request of SetAlias.
 */
export interface SetAliasRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Alias name, e.g. "prod" (same character rules as model names).
     */
    'alias'?: (string);
    /**
     * The READY version the alias should point at.
     */
    'version'?: (number | string | Long);
    /**
     * Compare-and-swap: when set, the alias must currently point at this
     * version (0 means: the alias must not exist yet), else the call fails with
     * ABORTED and nothing changes.
     */
    'expectedVersion'?: (number | string | Long);
    '_expectedVersion'?: "expectedVersion";
}
/**
 * Request of SetAlias.
 */
export interface SetAliasRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Alias name, e.g. "prod" (same character rules as model names).
     */
    'alias': (string);
    /**
     * The READY version the alias should point at.
     */
    'version': (number);
    /**
     * Compare-and-swap: when set, the alias must currently point at this
     * version (0 means: the alias must not exist yet), else the call fails with
     * ABORTED and nothing changes.
     */
    'expectedVersion'?: (number);
    '_expectedVersion'?: "expectedVersion";
}
