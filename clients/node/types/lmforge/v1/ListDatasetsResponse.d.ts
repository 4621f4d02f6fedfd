import type { Dataset as _lmforge_v1_Dataset, Dataset__Output as _lmforge_v1_Dataset__Output } from '../../lmforge/v1/Dataset';
/**
 * Response of ListDatasets.
 */
export interface ListDatasetsResponse {
    /**
     * The datasets of this page, ordered by name.
     */
    'datasets'?: (_lmforge_v1_Dataset)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken'?: (string);
}
/**
 * Response of ListDatasets.
 */
export interface ListDatasetsResponse__Output {
    /**
     * The datasets of this page, ordered by name.
     */
    'datasets': (_lmforge_v1_Dataset__Output)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken': (string);
}
