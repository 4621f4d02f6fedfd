/**
 * A call of a tool by the model.
 */
export interface ToolCall {
    /**
     * Call id ("call_..."), referenced by the tool result message.
     */
    'id'?: (string);
    /**
     * Function name.
     */
    'name'?: (string);
    /**
     * Arguments as JSON text (an object).
     */
    'argumentsJson'?: (string);
}
/**
 * A call of a tool by the model.
 */
export interface ToolCall__Output {
    /**
     * Call id ("call_..."), referenced by the tool result message.
     */
    'id': (string);
    /**
     * Function name.
     */
    'name': (string);
    /**
     * Arguments as JSON text (an object).
     */
    'argumentsJson': (string);
}
