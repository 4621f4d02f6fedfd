/**
 * How a LoRA result is registered.
 */
export declare const AdapterOutput: {
    /**
     * Same as ADAPTER_OUTPUT_ADAPTER.
     */
    readonly ADAPTER_OUTPUT_UNSPECIFIED: "ADAPTER_OUTPUT_UNSPECIFIED";
    /**
     * A PEFT adapter version whose lineage names the base version.
     */
    readonly ADAPTER_OUTPUT_ADAPTER: "ADAPTER_OUTPUT_ADAPTER";
    /**
     * The adapter merged into the base weights, registered as a full model.
     */
    readonly ADAPTER_OUTPUT_MERGED: "ADAPTER_OUTPUT_MERGED";
};
/**
 * How a LoRA result is registered.
 */
export type AdapterOutput = 
/**
 * Same as ADAPTER_OUTPUT_ADAPTER.
 */
'ADAPTER_OUTPUT_UNSPECIFIED' | 0
/**
 * A PEFT adapter version whose lineage names the base version.
 */
 | 'ADAPTER_OUTPUT_ADAPTER' | 1
/**
 * The adapter merged into the base weights, registered as a full model.
 */
 | 'ADAPTER_OUTPUT_MERGED' | 2;
/**
 * How a LoRA result is registered.
 */
export type AdapterOutput__Output = typeof AdapterOutput[keyof typeof AdapterOutput];
