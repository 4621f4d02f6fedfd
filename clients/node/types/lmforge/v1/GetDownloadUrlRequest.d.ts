import type { ArtifactTarget as _lmforge_v1_ArtifactTarget, ArtifactTarget__Output as _lmforge_v1_ArtifactTarget__Output } from '../../lmforge/v1/ArtifactTarget';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of GetDownloadUrl.
 */
export interface GetDownloadUrlRequest {
    /**
     * The version to read from.
     */
    'target'?: (_lmforge_v1_ArtifactTarget | null);
    /**
     * Relative path of the file.
     */
    'path'?: (string);
    /**
     * Validity of the URL in seconds (default 3600, at most 7 days).
     */
    'expiresInSeconds'?: (number | string | Long);
}
/**
 * Request of GetDownloadUrl.
 */
export interface GetDownloadUrlRequest__Output {
    /**
     * The version to read from.
     */
    'target': (_lmforge_v1_ArtifactTarget__Output | null);
    /**
     * Relative path of the file.
     */
    'path': (string);
    /**
     * Validity of the URL in seconds (default 3600, at most 7 days).
     */
    'expiresInSeconds': (number);
}
