/**
 * A list of texts.
 */
export interface TextList {
    /**
     * The texts.
     */
    'texts'?: (string)[];
}
/**
 * A list of texts.
 */
export interface TextList__Output {
    /**
     * The texts.
     */
    'texts': (string)[];
}
