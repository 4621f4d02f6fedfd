/**
 * Request of CancelJob.
 */
export interface CancelJobRequest {
    /**
     * Job id.
     */
    'id'?: (string);
}
/**
 * Request of CancelJob.
 */
export interface CancelJobRequest__Output {
    /**
     * Job id.
     */
    'id': (string);
}
