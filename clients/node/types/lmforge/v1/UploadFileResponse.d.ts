import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
/**
 * Response of UploadFile.
 */
export interface UploadFileResponse {
    /**
     * The stored file as verified by the server.
     */
    'file'?: (_lmforge_v1_FileEntry | null);
}
/**
 * Response of UploadFile.
 */
export interface UploadFileResponse__Output {
    /**
     * The stored file as verified by the server.
     */
    'file': (_lmforge_v1_FileEntry__Output | null);
}
