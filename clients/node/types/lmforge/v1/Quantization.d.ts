/**
 * Weight quantization at load time (GPU only).
 */
export declare const Quantization: {
    /**
     * No quantization.
     */
    readonly QUANTIZATION_UNSPECIFIED: "QUANTIZATION_UNSPECIFIED";
    /**
     * bitsandbytes 8-bit.
     */
    readonly QUANTIZATION_INT8: "QUANTIZATION_INT8";
    /**
     * bitsandbytes 4-bit (NF4).
     */
    readonly QUANTIZATION_INT4: "QUANTIZATION_INT4";
};
/**
 * Weight quantization at load time (GPU only).
 */
export type Quantization = 
/**
 * No quantization.
 */
'QUANTIZATION_UNSPECIFIED' | 0
/**
 * bitsandbytes 8-bit.
 */
 | 'QUANTIZATION_INT8' | 1
/**
 * bitsandbytes 4-bit (NF4).
 */
 | 'QUANTIZATION_INT4' | 2;
/**
 * Weight quantization at load time (GPU only).
 */
export type Quantization__Output = typeof Quantization[keyof typeof Quantization];
