import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from '../../lmforge/v1/Job';
/**
 * Response of ListJobs.
 */
export interface ListJobsResponse {
    /**
     * Jobs of this page, newest first.
     */
    'jobs'?: (_lmforge_v1_Job)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken'?: (string);
}
/**
 * Response of ListJobs.
 */
export interface ListJobsResponse__Output {
    /**
     * Jobs of this page, newest first.
     */
    'jobs': (_lmforge_v1_Job__Output)[];
    /**
     * Token for the next page; empty on the last page.
     */
    'nextPageToken': (string);
}
