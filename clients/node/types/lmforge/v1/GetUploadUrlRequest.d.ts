import type { ArtifactTarget as _lmforge_v1_ArtifactTarget, ArtifactTarget__Output as _lmforge_v1_ArtifactTarget__Output } from '../../lmforge/v1/ArtifactTarget';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of GetUploadUrl.
 */
export interface GetUploadUrlRequest {
    /**
     * The PENDING version to upload into.
     */
    'target'?: (_lmforge_v1_ArtifactTarget | null);
    /**
     * The file to declare: path, size and SHA-256 are checked at finalize.
     */
    'file'?: (_lmforge_v1_FileEntry | null);
    /**
     * Validity of the URL in seconds (default 3600, at most 7 days).
     */
    'expiresInSeconds'?: (number | string | Long);
}
/**
 * Request of GetUploadUrl.
 */
export interface GetUploadUrlRequest__Output {
    /**
     * The PENDING version to upload into.
     */
    'target': (_lmforge_v1_ArtifactTarget__Output | null);
    /**
     * The file to declare: path, size and SHA-256 are checked at finalize.
     */
    'file': (_lmforge_v1_FileEntry__Output | null);
    /**
     * Validity of the URL in seconds (default 3600, at most 7 days).
     */
    'expiresInSeconds': (number);
}
