/**
 * One embedding vector.
 */
export interface Embedding {
    /**
     * The vector.
     */
    'values'?: (number | string)[];
    /**
     * True when the text was truncated to the model's limit.
     */
    'truncated'?: (boolean);
}
/**
 * One embedding vector.
 */
export interface Embedding__Output {
    /**
     * The vector.
     */
    'values': (number)[];
    /**
     * True when the text was truncated to the model's limit.
     */
    'truncated': (boolean);
}
