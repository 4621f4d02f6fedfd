/**
 * Request of ResumeJob.
 */
export interface ResumeJobRequest {
    /**
     * Job id.
     */
    'id'?: (string);
}
/**
 * Request of ResumeJob.
 */
export interface ResumeJobRequest__Output {
    /**
     * Job id.
     */
    'id': (string);
}
