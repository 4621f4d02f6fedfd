import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * Response of GetUploadUrl.
 */
export interface GetUploadUrlResponse {
    /**
     * A presigned HTTP PUT URL.
     */
    'url'?: (string);
    /**
     * When the URL stops working.
     */
    'expireTime'?: (_google_protobuf_Timestamp | null);
}
/**
 * Response of GetUploadUrl.
 */
export interface GetUploadUrlResponse__Output {
    /**
     * A presigned HTTP PUT URL.
     */
    'url': (string);
    /**
     * When the URL stops working.
     */
    'expireTime': (_google_protobuf_Timestamp__Output | null);
}
