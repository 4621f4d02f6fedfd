/**
 * The strings a choice constraint picks from.
 */
export interface ChoiceList {
    /**
     * 1..256 non-empty strings.
     */
    'choices'?: (string)[];
}
/**
 * The strings a choice constraint picks from.
 */
export interface ChoiceList__Output {
    /**
     * 1..256 non-empty strings.
     */
    'choices': (string)[];
}
