import type { ToolCall as _lmforge_v1_ToolCall, ToolCall__Output as _lmforge_v1_ToolCall__Output } from '../../lmforge/v1/ToolCall';
/**
 * One message of a conversation.
 */
export interface ChatMessage {
    /**
     * "system", "user", "assistant" or "tool".
     */
    'role'?: (string);
    /**
     * The text of the message.
     */
    'content'?: (string);
    /**
     * Assistant messages: the tool calls it made.
     */
    'toolCalls'?: (_lmforge_v1_ToolCall)[];
    /**
     * Tool messages: the id of the call this is the result of.
     */
    'toolCallId'?: (string);
    /**
     * Tool messages: the function's name (optional).
     */
    'name'?: (string);
}
/**
 * One message of a conversation.
 */
export interface ChatMessage__Output {
    /**
     * "system", "user", "assistant" or "tool".
     */
    'role': (string);
    /**
     * The text of the message.
     */
    'content': (string);
    /**
     * Assistant messages: the tool calls it made.
     */
    'toolCalls': (_lmforge_v1_ToolCall__Output)[];
    /**
     * Tool messages: the id of the call this is the result of.
     */
    'toolCallId': (string);
    /**
     * Tool messages: the function's name (optional).
     */
    'name': (string);
}
