import type { DeploymentOutcome as _lmforge_v1_DeploymentOutcome, DeploymentOutcome__Output as _lmforge_v1_DeploymentOutcome__Output } from '../../lmforge/v1/DeploymentOutcome';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of ReportDeployment.
 */
export interface ReportDeploymentRequest {
    /**
     * The registry model followed.
     */
    'model'?: (string);
    /**
     * The alias followed.
     */
    'alias'?: (string);
    /**
     * The version the server switched to or failed to.
     */
    'version'?: (number | string | Long);
    /**
     * What happened.
     */
    'outcome'?: (_lmforge_v1_DeploymentOutcome);
    /**
     * Which server (its address or name; at most 256 characters).
     */
    'server'?: (string);
    /**
     * Why, for FAILED (at most 4096 characters; longer is cut).
     */
    'reason'?: (string);
}
/**
 * Request of ReportDeployment.
 */
export interface ReportDeploymentRequest__Output {
    /**
     * The registry model followed.
     */
    'model': (string);
    /**
     * The alias followed.
     */
    'alias': (string);
    /**
     * The version the server switched to or failed to.
     */
    'version': (number);
    /**
     * What happened.
     */
    'outcome': (_lmforge_v1_DeploymentOutcome__Output);
    /**
     * Which server (its address or name; at most 256 characters).
     */
    'server': (string);
    /**
     * Why, for FAILED (at most 4096 characters; longer is cut).
     */
    'reason': (string);
}
