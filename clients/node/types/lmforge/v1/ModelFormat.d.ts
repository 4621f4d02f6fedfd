/**
 * What the files of a model version are.
 */
export declare const ModelFormat: {
    /**
     * Not set: treated as MODEL_FORMAT_HF_FOLDER.
     */
    readonly MODEL_FORMAT_UNSPECIFIED: "MODEL_FORMAT_UNSPECIFIED";
    /**
     * A folder written by transformers' save_pretrained.
     */
    readonly MODEL_FORMAT_HF_FOLDER: "MODEL_FORMAT_HF_FOLDER";
    /**
     * A PEFT adapter folder (adapter_config.json + weights); needs a base.
     */
    readonly MODEL_FORMAT_PEFT_ADAPTER: "MODEL_FORMAT_PEFT_ADAPTER";
    /**
     * A single GGUF file plus optional tokenizer files.
     */
    readonly MODEL_FORMAT_GGUF: "MODEL_FORMAT_GGUF";
};
/**
 * What the files of a model version are.
 */
export type ModelFormat = 
/**
 * Not set: treated as MODEL_FORMAT_HF_FOLDER.
 */
'MODEL_FORMAT_UNSPECIFIED' | 0
/**
 * A folder written by transformers' save_pretrained.
 */
 | 'MODEL_FORMAT_HF_FOLDER' | 1
/**
 * A PEFT adapter folder (adapter_config.json + weights); needs a base.
 */
 | 'MODEL_FORMAT_PEFT_ADAPTER' | 2
/**
 * A single GGUF file plus optional tokenizer files.
 */
 | 'MODEL_FORMAT_GGUF' | 3;
/**
 * What the files of a model version are.
 */
export type ModelFormat__Output = typeof ModelFormat[keyof typeof ModelFormat];
