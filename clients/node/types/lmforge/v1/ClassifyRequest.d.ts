/**
 * Request of Classify.
 */
export interface ClassifyRequest {
    /**
     * Name of the loaded classifier.
     */
    'model'?: (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter'?: (string);
    /**
     * The texts (at most the server's limit per call).
     */
    'texts'?: (string)[];
    /**
     * Return the k best labels; 0 means all.
     */
    'topK'?: (number);
}
/**
 * Request of Classify.
 */
export interface ClassifyRequest__Output {
    /**
     * Name of the loaded classifier.
     */
    'model': (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter': (string);
    /**
     * The texts (at most the server's limit per call).
     */
    'texts': (string)[];
    /**
     * Return the k best labels; 0 means all.
     */
    'topK': (number);
}
