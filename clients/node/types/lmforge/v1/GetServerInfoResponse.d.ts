import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from '../../lmforge/v1/LoadedModel';
/**
 * Response of GetServerInfo.
 */
export interface GetServerInfoResponse {
    /**
     * lmforge version.
     */
    'version'?: (string);
    /**
     * Loaded models.
     */
    'models'?: (_lmforge_v1_LoadedModel)[];
    /**
     * Requests waiting or running, over all models.
     */
    'queueDepth'?: (number);
    /**
     * Maximum waiting requests per model before RESOURCE_EXHAUSTED.
     */
    'queueCapacity'?: (number);
    /**
     * Maximum texts per Classify / Embed call.
     */
    'maxBatchTexts'?: (number);
    /**
     * Maximum max_new_tokens.
     */
    'maxNewTokensLimit'?: (number);
    /**
     * Device the server uses by default.
     */
    'device'?: (string);
}
/**
 * Response of GetServerInfo.
 */
export interface GetServerInfoResponse__Output {
    /**
     * lmforge version.
     */
    'version': (string);
    /**
     * Loaded models.
     */
    'models': (_lmforge_v1_LoadedModel__Output)[];
    /**
     * Requests waiting or running, over all models.
     */
    'queueDepth': (number);
    /**
     * Maximum waiting requests per model before RESOURCE_EXHAUSTED.
     */
    'queueCapacity': (number);
    /**
     * Maximum texts per Classify / Embed call.
     */
    'maxBatchTexts': (number);
    /**
     * Maximum max_new_tokens.
     */
    'maxNewTokensLimit': (number);
    /**
     * Device the server uses by default.
     */
    'device': (string);
}
