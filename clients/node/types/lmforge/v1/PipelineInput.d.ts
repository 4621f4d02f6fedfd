import type { TextList as _lmforge_v1_TextList, TextList__Output as _lmforge_v1_TextList__Output } from '../../lmforge/v1/TextList';
import type { Media as _lmforge_v1_Media, Media__Output as _lmforge_v1_Media__Output } from '../../lmforge/v1/Media';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';
/**
 * Input of a pipeline call.
 */
export interface PipelineInput {
    /**
     * One text (text tasks only: a text for an image or audio task is
     * refused, never fetched as a URL or opened as a path).
     */
    'text'?: (string);
    /**
     * Many texts (batched; the output is a list).
     */
    'texts'?: (_lmforge_v1_TextList | null);
    /**
     * Bytes with a media type: image/png, image/jpeg, image/gif, image/webp,
     * image/bmp for image tasks; audio/wav, audio/flac, audio/ogg for audio
     * tasks. Decoded on the server with pixel and duration limits.
     */
    'media'?: (_lmforge_v1_Media | null);
    /**
     * text-generation: chat messages [{"role": ..., "content": "..."}];
     * text-classification: {"text": ..., "text_pair": ...}. Refused for
     * other tasks.
     */
    'json'?: (_google_protobuf_Value | null);
    /**
     * Exactly one must be set.
     */
    'input'?: "text" | "texts" | "media" | "json";
}
/**
 * Input of a pipeline call.
 */
export interface PipelineInput__Output {
    /**
     * One text (text tasks only: a text for an image or audio task is
     * refused, never fetched as a URL or opened as a path).
     */
    'text'?: (string);
    /**
     * Many texts (batched; the output is a list).
     */
    'texts'?: (_lmforge_v1_TextList__Output | null);
    /**
     * Bytes with a media type: image/png, image/jpeg, image/gif, image/webp,
     * image/bmp for image tasks; audio/wav, audio/flac, audio/ogg for audio
     * tasks. Decoded on the server with pixel and duration limits.
     */
    'media'?: (_lmforge_v1_Media__Output | null);
    /**
     * text-generation: chat messages [{"role": ..., "content": "..."}];
     * text-classification: {"text": ..., "text_pair": ...}. Refused for
     * other tasks.
     */
    'json'?: (_google_protobuf_Value__Output | null);
    /**
     * Exactly one must be set.
     */
    'input'?: "text" | "texts" | "media" | "json";
}
