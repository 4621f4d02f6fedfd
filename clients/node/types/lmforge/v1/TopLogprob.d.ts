/**
 * One alternative token at a position.
 */
export interface TopLogprob {
    /**
     * The token id.
     */
    'tokenId'?: (number);
    /**
     * The token decoded alone.
     */
    'token'?: (string);
    /**
     * Natural log of its probability.
     */
    'logprob'?: (number | string);
    /**
     * The token's bytes.
     */
    'tokenBytes'?: (Buffer | Uint8Array | string);
}
/**
 * One alternative token at a position.
 */
export interface TopLogprob__Output {
    /**
     * The token id.
     */
    'tokenId': (number);
    /**
     * The token decoded alone.
     */
    'token': (string);
    /**
     * Natural log of its probability.
     */
    'logprob': (number);
    /**
     * The token's bytes.
     */
    'tokenBytes': (Buffer);
}
