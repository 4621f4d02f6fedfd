/**
 * A log line from the job.
 */
export interface LogLine {
    /**
     * "INFO", "WARNING" or "ERROR".
     */
    'level'?: (string);
    /**
     * The text.
     */
    'message'?: (string);
}
/**
 * A log line from the job.
 */
export interface LogLine__Output {
    /**
     * "INFO", "WARNING" or "ERROR".
     */
    'level': (string);
    /**
     * The text.
     */
    'message': (string);
}
