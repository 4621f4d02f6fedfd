/**
 * Pooling of token embeddings into one vector.
 */
export declare const Pooling: {
    /**
     * Mean over non-padding tokens (the sentence-transformers default).
     */
    readonly POOLING_UNSPECIFIED: "POOLING_UNSPECIFIED";
    /**
     * Mean over non-padding tokens.
     */
    readonly POOLING_MEAN: "POOLING_MEAN";
    /**
     * The first ([CLS]) token.
     */
    readonly POOLING_CLS: "POOLING_CLS";
    /**
     * The last non-padding token (for decoder models).
     */
    readonly POOLING_LAST: "POOLING_LAST";
};
/**
 * Pooling of token embeddings into one vector.
 */
export type Pooling = 
/**
 * Mean over non-padding tokens (the sentence-transformers default).
 */
'POOLING_UNSPECIFIED' | 0
/**
 * Mean over non-padding tokens.
 */
 | 'POOLING_MEAN' | 1
/**
 * The first ([CLS]) token.
 */
 | 'POOLING_CLS' | 2
/**
 * The last non-padding token (for decoder models).
 */
 | 'POOLING_LAST' | 3;
/**
 * Pooling of token embeddings into one vector.
 */
export type Pooling__Output = typeof Pooling[keyof typeof Pooling];
