/**
 * Request of ListDatasets.
 */
export interface ListDatasetsRequest {
    /**
     * Maximum number of datasets to return (default 50, at most 1000).
     */
    'pageSize'?: (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken'?: (string);
}
/**
 * Request of ListDatasets.
 */
export interface ListDatasetsRequest__Output {
    /**
     * Maximum number of datasets to return (default 50, at most 1000).
     */
    'pageSize': (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken': (string);
}
