import type { DatasetVersion as _lmforge_v1_DatasetVersion, DatasetVersion__Output as _lmforge_v1_DatasetVersion__Output } from '../../lmforge/v1/DatasetVersion';
/**
 * Response of ListDatasetVersions.
 */
export interface ListDatasetVersionsResponse {
    /**
     * The versions of this page, newest first.
     */
    'versions'?: (_lmforge_v1_DatasetVersion)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken'?: (string);
}
/**
 * Response of ListDatasetVersions.
 */
export interface ListDatasetVersionsResponse__Output {
    /**
     * The versions of this page, newest first.
     */
    'versions': (_lmforge_v1_DatasetVersion__Output)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken': (string);
}
