import type { JobState as _lmforge_v1_JobState, JobState__Output as _lmforge_v1_JobState__Output } from '../../lmforge/v1/JobState';
/**
 * Request of ListJobs.
 */
export interface ListJobsRequest {
    /**
     * Maximum number of jobs to return (default 50, at most 1000).
     */
    'pageSize'?: (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken'?: (string);
    /**
     * Only jobs in this state, if set.
     */
    'state'?: (_lmforge_v1_JobState);
}
/**
 * Request of ListJobs.
 */
export interface ListJobsRequest__Output {
    /**
     * Maximum number of jobs to return (default 50, at most 1000).
     */
    'pageSize': (number);
    /**
     * next_page_token of a previous call, or empty for the first page.
     */
    'pageToken': (string);
    /**
     * Only jobs in this state, if set.
     */
    'state': (_lmforge_v1_JobState__Output);
}
