import type { UploadFileHeader as _lmforge_v1_UploadFileHeader, UploadFileHeader__Output as _lmforge_v1_UploadFileHeader__Output } from '../../lmforge/v1/UploadFileHeader';
/**
 * Request of UploadFile: one header, then chunks.
 */
export interface UploadFileRequest {
    /**
     * The first message.
     */
    'header'?: (_lmforge_v1_UploadFileHeader | null);
    /**
     * Bytes of the file, in order (any size up to the message limit; 1 MiB
     * chunks work well).
     */
    'chunk'?: (Buffer | Uint8Array | string);
    /**
     * Exactly one is set: header in the first message, chunk in the rest.
     */
    'payload'?: "header" | "chunk";
}
/**
 * Request of UploadFile: one header, then chunks.
 */
export interface UploadFileRequest__Output {
    /**
     * The first message.
     */
    'header'?: (_lmforge_v1_UploadFileHeader__Output | null);
    /**
     * Bytes of the file, in order (any size up to the message limit; 1 MiB
     * chunks work well).
     */
    'chunk'?: (Buffer);
    /**
     * Exactly one is set: header in the first message, chunk in the rest.
     */
    'payload'?: "header" | "chunk";
}
