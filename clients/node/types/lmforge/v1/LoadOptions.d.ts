import type { Quantization as _lmforge_v1_Quantization, Quantization__Output as _lmforge_v1_Quantization__Output } from '../../lmforge/v1/Quantization';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
/**
 * How to load a model.
 */
export interface LoadOptions {
    /**
     * Torch dtype: "auto", "float32", "float16" or "bfloat16". Default float32
     * on CPU, the checkpoint's dtype on GPU.
     */
    'dtype'?: (string);
    /**
     * "cpu", "cuda", "cuda:N" or "auto". Default from the server settings.
     */
    'device'?: (string);
    /**
     * transformers device_map: "auto", "balanced", "balanced_low_0" or
     * "sequential" (GPU only; never offloading to disk).
     */
    'deviceMap'?: (string);
    /**
     * 8/4-bit quantization; FAILED_PRECONDITION without a GPU.
     */
    'quantization'?: (_lmforge_v1_Quantization);
    /**
     * Extra keyword arguments for from_pretrained of the model. Allowlisted:
     * attn_implementation, ignore_mismatched_sizes, low_cpu_mem_usage,
     * num_labels, output_attentions, output_hidden_states, problem_type,
     * use_safetensors. Any other key (gguf_file, subfolder, cache_dir,
     * offload_folder, revision, trust_remote_code ...) is INVALID_ARGUMENT
     * naming options.model_kwargs.<key>; so are NaN and Infinity.
     */
    'modelKwargs'?: (_google_protobuf_Struct | null);
    /**
     * Extra keyword arguments for from_pretrained of the tokenizer. Allowlisted:
     * add_prefix_space, clean_up_tokenization_spaces, do_lower_case, legacy,
     * model_max_length, padding_side, truncation_side, use_fast; any other key
     * is INVALID_ARGUMENT naming options.tokenizer_kwargs.<key>.
     */
    'tokenizerKwargs'?: (_google_protobuf_Struct | null);
    /**
     * Allow custom modelling code; refused unless the server allows it.
     */
    'trustRemoteCode'?: (boolean);
    /**
     * Pipeline task to serve, overriding the registry model's task.
     */
    'task'?: (string);
}
/**
 * How to load a model.
 */
export interface LoadOptions__Output {
    /**
     * Torch dtype: "auto", "float32", "float16" or "bfloat16". Default float32
     * on CPU, the checkpoint's dtype on GPU.
     */
    'dtype': (string);
    /**
     * "cpu", "cuda", "cuda:N" or "auto". Default from the server settings.
     */
    'device': (string);
    /**
     * transformers device_map: "auto", "balanced", "balanced_low_0" or
     * "sequential" (GPU only; never offloading to disk).
     */
    'deviceMap': (string);
    /**
     * 8/4-bit quantization; FAILED_PRECONDITION without a GPU.
     */
    'quantization': (_lmforge_v1_Quantization__Output);
    /**
     * Extra keyword arguments for from_pretrained of the model. Allowlisted:
     * attn_implementation, ignore_mismatched_sizes, low_cpu_mem_usage,
     * num_labels, output_attentions, output_hidden_states, problem_type,
     * use_safetensors. Any other key (gguf_file, subfolder, cache_dir,
     * offload_folder, revision, trust_remote_code ...) is INVALID_ARGUMENT
     * naming options.model_kwargs.<key>; so are NaN and Infinity.
     */
    'modelKwargs': (_google_protobuf_Struct__Output | null);
    /**
     * Extra keyword arguments for from_pretrained of the tokenizer. Allowlisted:
     * add_prefix_space, clean_up_tokenization_spaces, do_lower_case, legacy,
     * model_max_length, padding_side, truncation_side, use_fast; any other key
     * is INVALID_ARGUMENT naming options.tokenizer_kwargs.<key>.
     */
    'tokenizerKwargs': (_google_protobuf_Struct__Output | null);
    /**
     * Allow custom modelling code; refused unless the server allows it.
     */
    'trustRemoteCode': (boolean);
    /**
     * Pipeline task to serve, overriding the registry model's task.
     */
    'task': (string);
}
