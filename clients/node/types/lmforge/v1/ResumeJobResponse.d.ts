import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from '../../lmforge/v1/Job';
/**
 * Response of ResumeJob.
 */
export interface ResumeJobResponse {
    /**
     * The job, QUEUED again.
     */
    'job'?: (_lmforge_v1_Job | null);
}
/**
 * Response of ResumeJob.
 */
export interface ResumeJobResponse__Output {
    /**
     * The job, QUEUED again.
     */
    'job': (_lmforge_v1_Job__Output | null);
}
