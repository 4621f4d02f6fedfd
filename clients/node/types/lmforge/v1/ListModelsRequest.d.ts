/**
 * Request of ListModels.
 */
export interface ListModelsRequest {
    /**
     * Maximum number of models to return (default 50, at most 1000).
     */
    'pageSize'?: (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken'?: (string);
    /**
     * Only models with this task, if set.
     */
    'task'?: (string);
    /**
     * Only models with this tag: "key" (any value) or "key=value".
     */
    'tag'?: (string);
}
/**
 * Request of ListModels.
 */
export interface ListModelsRequest__Output {
    /**
     * Maximum number of models to return (default 50, at most 1000).
     */
    'pageSize': (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken': (string);
    /**
     * Only models with this task, if set.
     */
    'task': (string);
    /**
     * Only models with this tag: "key" (any value) or "key=value".
     */
    'tag': (string);
}
