import type { ArtifactTarget as _lmforge_v1_ArtifactTarget, ArtifactTarget__Output as _lmforge_v1_ArtifactTarget__Output } from '../../lmforge/v1/ArtifactTarget';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of DownloadFile.
 */
export interface DownloadFileRequest {
    /**
     * The version to read from (must be READY, or PENDING for a file already
     * uploaded).
     */
    'target'?: (_lmforge_v1_ArtifactTarget | null);
    /**
     * Relative path of the file.
     */
    'path'?: (string);
    /**
     * Byte offset to start from (for resuming).
     */
    'offset'?: (number | string | Long);
}
/**
 * Request of DownloadFile.
 */
export interface DownloadFileRequest__Output {
    /**
     * The version to read from (must be READY, or PENDING for a file already
     * uploaded).
     */
    'target': (_lmforge_v1_ArtifactTarget__Output | null);
    /**
     * Relative path of the file.
     */
    'path': (string);
    /**
     * Byte offset to start from (for resuming).
     */
    'offset': (number);
}
