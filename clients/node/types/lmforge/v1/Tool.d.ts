/**
 * A tool the model may call (an OpenAI "function" tool).
 */
export interface Tool {
    /**
     * Function name: 1-64 letters, digits, '_' or '-'.
     */
    'name'?: (string);
    /**
     * What it does (shown to the model through the chat template).
     */
    'description'?: (string);
    /**
     * JSON Schema of its arguments (JSON text); empty means no arguments.
     */
    'parametersJson'?: (string);
}
/**
 * A tool the model may call (an OpenAI "function" tool).
 */
export interface Tool__Output {
    /**
     * Function name: 1-64 letters, digits, '_' or '-'.
     */
    'name': (string);
    /**
     * What it does (shown to the model through the chat template).
     */
    'description': (string);
    /**
     * JSON Schema of its arguments (JSON text); empty means no arguments.
     */
    'parametersJson': (string);
}
