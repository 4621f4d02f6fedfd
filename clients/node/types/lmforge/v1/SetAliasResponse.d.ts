import type { Model as _lmforge_v1_Model, Model__Output as _lmforge_v1_Model__Output } from '../../lmforge/v1/Model';
import type { Long } from '@grpc/proto-loader';
/**
 * Response of SetAlias.
 */
export interface SetAliasResponse {
    /**
     * The model with its updated aliases.
     */
    'model'?: (_lmforge_v1_Model | null);
    /**
     * The version the alias pointed at before (0 if it did not exist).
     */
    'previousVersion'?: (number | string | Long);
}
/**
 * Response of SetAlias.
 */
export interface SetAliasResponse__Output {
    /**
     * The model with its updated aliases.
     */
    'model': (_lmforge_v1_Model__Output | null);
    /**
     * The version the alias pointed at before (0 if it did not exist).
     */
    'previousVersion': (number);
}
