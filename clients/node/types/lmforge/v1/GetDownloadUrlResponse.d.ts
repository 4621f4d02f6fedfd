import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from '../../lmforge/v1/FileEntry';
/**
 * Response of GetDownloadUrl.
 */
export interface GetDownloadUrlResponse {
    /**
     * A presigned HTTP GET URL.
     */
    'url'?: (string);
    /**
     * When the URL stops working.
     */
    'expireTime'?: (_google_protobuf_Timestamp | null);
    /**
     * The file's manifest entry.
     */
    'file'?: (_lmforge_v1_FileEntry | null);
}
/**
 * Response of GetDownloadUrl.
 */
export interface GetDownloadUrlResponse__Output {
    /**
     * A presigned HTTP GET URL.
     */
    'url': (string);
    /**
     * When the URL stops working.
     */
    'expireTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * The file's manifest entry.
     */
    'file': (_lmforge_v1_FileEntry__Output | null);
}
