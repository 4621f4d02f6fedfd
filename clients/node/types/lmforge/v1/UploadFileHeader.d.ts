import type { ArtifactTarget as _lmforge_v1_ArtifactTarget, ArtifactTarget__Output as _lmforge_v1_ArtifactTarget__Output } from '../../lmforge/v1/ArtifactTarget';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
/**
 * Header of an upload: which file of which version.
 */
export interface UploadFileHeader {
    /**
     * The PENDING version to upload into.
     */
    'target'?: (_lmforge_v1_ArtifactTarget | null);
    /**
     * The file: path, exact size and SHA-256 of the bytes that follow.
     */
    'file'?: (_lmforge_v1_FileEntry | null);
}
/**
 * Header of an upload: which file of which version.
 */
export interface UploadFileHeader__Output {
    /**
     * The PENDING version to upload into.
     */
    'target': (_lmforge_v1_ArtifactTarget__Output | null);
    /**
     * The file: path, exact size and SHA-256 of the bytes that follow.
     */
    'file': (_lmforge_v1_FileEntry__Output | null);
}
