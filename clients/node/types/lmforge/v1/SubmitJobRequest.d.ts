import type { JobSpec as _lmforge_v1_JobSpec, JobSpec__Output as _lmforge_v1_JobSpec__Output } from '../../lmforge/v1/JobSpec';
/**
 * Request of SubmitJob.
 */
export interface SubmitJobRequest {
    /**
     * The job.
     */
    'spec'?: (_lmforge_v1_JobSpec | null);
}
/**
 * Request of SubmitJob.
 */
export interface SubmitJobRequest__Output {
    /**
     * The job.
     */
    'spec': (_lmforge_v1_JobSpec__Output | null);
}
