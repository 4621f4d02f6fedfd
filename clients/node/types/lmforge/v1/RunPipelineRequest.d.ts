import type { PipelineInput as _lmforge_v1_PipelineInput, PipelineInput__Output as _lmforge_v1_PipelineInput__Output } from '../../lmforge/v1/PipelineInput';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
/**
 * Request of RunPipeline.
 */
export interface RunPipelineRequest {
    /**
     * Name of the loaded model.
     */
    'model'?: (string);
    /**
     * Pipeline task (default: the loaded model's task). One of
     * text-classification (sentiment-analysis), token-classification (ner),
     * fill-mask, feature-extraction, zero-shot-classification, text-generation,
     * image-classification, image-feature-extraction, object-detection,
     * image-segmentation, depth-estimation, zero-shot-image-classification,
     * zero-shot-object-detection, audio-classification,
     * automatic-speech-recognition, zero-shot-audio-classification.
     */
    'task'?: (string);
    /**
     * The input.
     */
    'input'?: (_lmforge_v1_PipelineInput | null);
    /**
     * Keyword arguments of the pipeline call, allowlisted per task (README,
     * "Inference: what a request may carry"): text-classification,
     * image-classification, audio-classification: top_k, function_to_apply;
     * token-classification: aggregation_strategy, ignore_labels; fill-mask:
     * top_k, targets; zero-shot tasks: candidate_labels, hypothesis_template
     * (multi_label for text); image-feature-extraction: pool;
     * object-detection: threshold; image-segmentation:
     * threshold, mask_threshold, overlap_mask_area_threshold, subtask;
     * text-generation: return_full_text, clean_up_tokenization_spaces,
     * skip_special_tokens, continue_final_message; automatic-speech-recognition:
     * return_timestamps. Generation tasks also take max_new_tokens,
     * min_new_tokens, do_sample (default false), temperature, top_k, top_p,
     * repetition_penalty, no_repeat_ngram_size, num_beams,
     * num_return_sequences, length_penalty, early_stopping, bounded like
     * Generate. Any other key (custom_generate, trust_remote_code,
     * assistant_model, streamer, generation_config, max_length ...) is
     * INVALID_ARGUMENT naming parameters.<key>.
     */
    'parameters'?: (_google_protobuf_Struct | null);
}
/**
 * Request of RunPipeline.
 */
export interface RunPipelineRequest__Output {
    /**
     * Name of the loaded model.
     */
    'model': (string);
    /**
     * Pipeline task (default: the loaded model's task). One of
     * text-classification (sentiment-analysis), token-classification (ner),
     * fill-mask, feature-extraction, zero-shot-classification, text-generation,
     * image-classification, image-feature-extraction, object-detection,
     * image-segmentation, depth-estimation, zero-shot-image-classification,
     * zero-shot-object-detection, audio-classification,
     * automatic-speech-recognition, zero-shot-audio-classification.
     */
    'task': (string);
    /**
     * The input.
     */
    'input': (_lmforge_v1_PipelineInput__Output | null);
    /**
     * Keyword arguments of the pipeline call, allowlisted per task (README,
     * "Inference: what a request may carry"): text-classification,
     * image-classification, audio-classification: top_k, function_to_apply;
     * token-classification: aggregation_strategy, ignore_labels; fill-mask:
     * top_k, targets; zero-shot tasks: candidate_labels, hypothesis_template
     * (multi_label for text); image-feature-extraction: pool;
     * object-detection: threshold; image-segmentation:
     * threshold, mask_threshold, overlap_mask_area_threshold, subtask;
     * text-generation: return_full_text, clean_up_tokenization_spaces,
     * skip_special_tokens, continue_final_message; automatic-speech-recognition:
     * return_timestamps. Generation tasks also take max_new_tokens,
     * min_new_tokens, do_sample (default false), temperature, top_k, top_p,
     * repetition_penalty, no_repeat_ngram_size, num_beams,
     * num_return_sequences, length_penalty, early_stopping, bounded like
     * Generate. Any other key (custom_generate, trust_remote_code,
     * assistant_model, streamer, generation_config, max_length ...) is
     * INVALID_ARGUMENT naming parameters.<key>.
     */
    'parameters': (_google_protobuf_Struct__Output | null);
}
