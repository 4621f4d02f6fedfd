import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
/**
 * Response of DownloadFile: the first message carries the file entry.
 */
export interface DownloadFileResponse {
    /**
     * The file's manifest entry, in the first message only.
     */
    'file'?: (_lmforge_v1_FileEntry | null);
    /**
     * The next bytes of the file.
     */
    'chunk'?: (Buffer | Uint8Array | string);
}
/**
 * Response of DownloadFile: the first message carries the file entry.
 */
export interface DownloadFileResponse__Output {
    /**
     * The file's manifest entry, in the first message only.
     */
    'file': (_lmforge_v1_FileEntry__Output | null);
    /**
     * The next bytes of the file.
     */
    'chunk': (Buffer);
}
