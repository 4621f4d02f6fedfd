import type { Long } from '@grpc/proto-loader';
/**
 * Response of ReportDeployment.
 */
export interface ReportDeploymentResponse {
    /**
     * Sequence number of the event.
     */
    'sequence'?: (number | string | Long);
}
/**
 * Response of ReportDeployment.
 */
export interface ReportDeploymentResponse__Output {
    /**
     * Sequence number of the event.
     */
    'sequence': (number);
}
