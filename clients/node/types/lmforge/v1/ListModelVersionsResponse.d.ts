import type { ModelVersion as _lmforge_v1_ModelVersion, ModelVersion__Output as _lmforge_v1_ModelVersion__Output } from '../../lmforge/v1/ModelVersion';
/**
 * Response of ListModelVersions.
 */
export interface ListModelVersionsResponse {
    /**
     * The versions of this page, newest first.
     */
    'versions'?: (_lmforge_v1_ModelVersion)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken'?: (string);
}
/**
 * Response of ListModelVersions.
 */
export interface ListModelVersionsResponse__Output {
    /**
     * The versions of this page, newest first.
     */
    'versions': (_lmforge_v1_ModelVersion__Output)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken': (string);
}
