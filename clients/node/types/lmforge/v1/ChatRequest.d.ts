import type { ChatMessage as _lmforge_v1_ChatMessage, ChatMessage__Output as _lmforge_v1_ChatMessage__Output } from '../../lmforge/v1/ChatMessage';
import type { GenerationParameters as _lmforge_v1_GenerationParameters, GenerationParameters__Output as _lmforge_v1_GenerationParameters__Output } from '../../lmforge/v1/GenerationParameters';
import type { Tool as _lmforge_v1_Tool, Tool__Output as _lmforge_v1_Tool__Output } from '../../lmforge/v1/Tool';
import type { ToolChoice as _lmforge_v1_ToolChoice, ToolChoice__Output as _lmforge_v1_ToolChoice__Output } from '../../lmforge/v1/ToolChoice';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
/**
 * Request of Chat.
 */
export interface ChatRequest {
    /**
     * Name of the loaded model (its tokenizer needs a chat template).
     */
    'model'?: (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter'?: (string);
    /**
     * The conversation so far; must not be empty.
     */
    'messages'?: (_lmforge_v1_ChatMessage)[];
    /**
     * Sampling and stopping.
     */
    'parameters'?: (_lmforge_v1_GenerationParameters | null);
    /**
     * Tools the model may call, rendered through the chat template's tools
     * argument; at most 64.
     */
    'tools'?: (_lmforge_v1_Tool)[];
    /**
     * Whether and which tool must be called (default "auto" with tools).
     */
    'toolChoice'?: (_lmforge_v1_ToolChoice | null);
    /**
     * Extra variables of the chat template, from an allowlist:
     * enable_thinking (bool). Others are INVALID_ARGUMENT.
     */
    'chatTemplateKwargs'?: (_google_protobuf_Struct | null);
}
/**
 * Request of Chat.
 */
export interface ChatRequest__Output {
    /**
     * Name of the loaded model (its tokenizer needs a chat template).
     */
    'model': (string);
    /**
     * Name of an attached adapter, or empty for the base model.
     */
    'adapter': (string);
    /**
     * The conversation so far; must not be empty.
     */
    'messages': (_lmforge_v1_ChatMessage__Output)[];
    /**
     * Sampling and stopping.
     */
    'parameters': (_lmforge_v1_GenerationParameters__Output | null);
    /**
     * Tools the model may call, rendered through the chat template's tools
     * argument; at most 64.
     */
    'tools': (_lmforge_v1_Tool__Output)[];
    /**
     * Whether and which tool must be called (default "auto" with tools).
     */
    'toolChoice': (_lmforge_v1_ToolChoice__Output | null);
    /**
     * Extra variables of the chat template, from an allowlist:
     * enable_thinking (bool). Others are INVALID_ARGUMENT.
     */
    'chatTemplateKwargs': (_google_protobuf_Struct__Output | null);
}
