/**
 * The score of one label.
 */
export interface LabelScore {
    /**
     * Label name.
     */
    'label'?: (string);
    /**
     * Probability (softmax over the labels).
     */
    'score'?: (number | string);
}
/**
 * The score of one label.
 */
export interface LabelScore__Output {
    /**
     * Label name.
     */
    'label': (string);
    /**
     * Probability (softmax over the labels).
     */
    'score': (number);
}
