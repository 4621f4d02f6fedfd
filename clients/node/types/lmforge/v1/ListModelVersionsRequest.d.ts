import type { VersionState as _lmforge_v1_VersionState, VersionState__Output as _lmforge_v1_VersionState__Output } from '../../lmforge/v1/VersionState';
/**
 * Request of ListModelVersions.
 */
export interface ListModelVersionsRequest {
    /**
     * Name of the model.
     */
    'model'?: (string);
    /**
     * Maximum number of versions to return (default 50, at most 1000).
     */
    'pageSize'?: (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken'?: (string);
    /**
     * Only versions in this state, if set.
     */
    'state'?: (_lmforge_v1_VersionState);
}
/**
 * Request of ListModelVersions.
 */
export interface ListModelVersionsRequest__Output {
    /**
     * Name of the model.
     */
    'model': (string);
    /**
     * Maximum number of versions to return (default 50, at most 1000).
     */
    'pageSize': (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken': (string);
    /**
     * Only versions in this state, if set.
     */
    'state': (_lmforge_v1_VersionState__Output);
}
