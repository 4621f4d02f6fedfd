/**
 * Request of GetJob.
 */
export interface GetJobRequest {
    /**
     * Job id.
     */
    'id'?: (string);
}
/**
 * Request of GetJob.
 */
export interface GetJobRequest__Output {
    /**
     * Job id.
     */
    'id': (string);
}
