/**
 * Bytes with a media type (an image, an audio clip ...).
 */
export interface Media {
    /**
     * The raw bytes.
     */
    'data'?: (Buffer | Uint8Array | string);
    /**
     * MIME type, e.g. "image/png" or "audio/wav".
     */
    'mediaType'?: (string);
}
/**
 * Bytes with a media type (an image, an audio clip ...).
 */
export interface Media__Output {
    /**
     * The raw bytes.
     */
    'data': (Buffer);
    /**
     * MIME type, e.g. "image/png" or "audio/wav".
     */
    'mediaType': (string);
}
