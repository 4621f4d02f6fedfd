import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { ChatRequest as _lmforge_v1_ChatRequest, ChatRequest__Output as _lmforge_v1_ChatRequest__Output } from '../../lmforge/v1/ChatRequest';
import type { ChatResponse as _lmforge_v1_ChatResponse, ChatResponse__Output as _lmforge_v1_ChatResponse__Output } from '../../lmforge/v1/ChatResponse';
import type { ChatStreamRequest as _lmforge_v1_ChatStreamRequest, ChatStreamRequest__Output as _lmforge_v1_ChatStreamRequest__Output } from '../../lmforge/v1/ChatStreamRequest';
import type { ChatStreamResponse as _lmforge_v1_ChatStreamResponse, ChatStreamResponse__Output as _lmforge_v1_ChatStreamResponse__Output } from '../../lmforge/v1/ChatStreamResponse';
import type { ClassifyRequest as _lmforge_v1_ClassifyRequest, ClassifyRequest__Output as _lmforge_v1_ClassifyRequest__Output } from '../../lmforge/v1/ClassifyRequest';
import type { ClassifyResponse as _lmforge_v1_ClassifyResponse, ClassifyResponse__Output as _lmforge_v1_ClassifyResponse__Output } from '../../lmforge/v1/ClassifyResponse';
import type { EmbedRequest as _lmforge_v1_EmbedRequest, EmbedRequest__Output as _lmforge_v1_EmbedRequest__Output } from '../../lmforge/v1/EmbedRequest';
import type { EmbedResponse as _lmforge_v1_EmbedResponse, EmbedResponse__Output as _lmforge_v1_EmbedResponse__Output } from '../../lmforge/v1/EmbedResponse';
import type { GenerateRequest as _lmforge_v1_GenerateRequest, GenerateRequest__Output as _lmforge_v1_GenerateRequest__Output } from '../../lmforge/v1/GenerateRequest';
import type { GenerateResponse as _lmforge_v1_GenerateResponse, GenerateResponse__Output as _lmforge_v1_GenerateResponse__Output } from '../../lmforge/v1/GenerateResponse';
import type { GenerateStreamRequest as _lmforge_v1_GenerateStreamRequest, GenerateStreamRequest__Output as _lmforge_v1_GenerateStreamRequest__Output } from '../../lmforge/v1/GenerateStreamRequest';
import type { GenerateStreamResponse as _lmforge_v1_GenerateStreamResponse, GenerateStreamResponse__Output as _lmforge_v1_GenerateStreamResponse__Output } from '../../lmforge/v1/GenerateStreamResponse';
import type { GetServerInfoRequest as _lmforge_v1_GetServerInfoRequest, GetServerInfoRequest__Output as _lmforge_v1_GetServerInfoRequest__Output } from '../../lmforge/v1/GetServerInfoRequest';
import type { GetServerInfoResponse as _lmforge_v1_GetServerInfoResponse, GetServerInfoResponse__Output as _lmforge_v1_GetServerInfoResponse__Output } from '../../lmforge/v1/GetServerInfoResponse';
import type { ListLoadedModelsRequest as _lmforge_v1_ListLoadedModelsRequest, ListLoadedModelsRequest__Output as _lmforge_v1_ListLoadedModelsRequest__Output } from '../../lmforge/v1/ListLoadedModelsRequest';
import type { ListLoadedModelsResponse as _lmforge_v1_ListLoadedModelsResponse, ListLoadedModelsResponse__Output as _lmforge_v1_ListLoadedModelsResponse__Output } from '../../lmforge/v1/ListLoadedModelsResponse';
import type { LoadAdapterRequest as _lmforge_v1_LoadAdapterRequest, LoadAdapterRequest__Output as _lmforge_v1_LoadAdapterRequest__Output } from '../../lmforge/v1/LoadAdapterRequest';
import type { LoadAdapterResponse as _lmforge_v1_LoadAdapterResponse, LoadAdapterResponse__Output as _lmforge_v1_LoadAdapterResponse__Output } from '../../lmforge/v1/LoadAdapterResponse';
import type { LoadModelRequest as _lmforge_v1_LoadModelRequest, LoadModelRequest__Output as _lmforge_v1_LoadModelRequest__Output } from '../../lmforge/v1/LoadModelRequest';
import type { LoadModelResponse as _lmforge_v1_LoadModelResponse, LoadModelResponse__Output as _lmforge_v1_LoadModelResponse__Output } from '../../lmforge/v1/LoadModelResponse';
import type { RunPipelineRequest as _lmforge_v1_RunPipelineRequest, RunPipelineRequest__Output as _lmforge_v1_RunPipelineRequest__Output } from '../../lmforge/v1/RunPipelineRequest';
import type { RunPipelineResponse as _lmforge_v1_RunPipelineResponse, RunPipelineResponse__Output as _lmforge_v1_RunPipelineResponse__Output } from '../../lmforge/v1/RunPipelineResponse';
import type { UnloadAdapterRequest as _lmforge_v1_UnloadAdapterRequest, UnloadAdapterRequest__Output as _lmforge_v1_UnloadAdapterRequest__Output } from '../../lmforge/v1/UnloadAdapterRequest';
import type { UnloadAdapterResponse as _lmforge_v1_UnloadAdapterResponse, UnloadAdapterResponse__Output as _lmforge_v1_UnloadAdapterResponse__Output } from '../../lmforge/v1/UnloadAdapterResponse';
import type { UnloadModelRequest as _lmforge_v1_UnloadModelRequest, UnloadModelRequest__Output as _lmforge_v1_UnloadModelRequest__Output } from '../../lmforge/v1/UnloadModelRequest';
import type { UnloadModelResponse as _lmforge_v1_UnloadModelResponse, UnloadModelResponse__Output as _lmforge_v1_UnloadModelResponse__Output } from '../../lmforge/v1/UnloadModelResponse';
/**
 * InferenceService loads registry models into memory and serves them:
 * streamed generation and chat (continuous batching), batched classification
 * (dynamic batcher), embeddings and any transformers pipeline, each optionally
 * through a LoRA adapter attached to the loaded base model.
 */
export interface InferenceServiceClient extends grpc.Client {
    /**
     * Answers a conversation through the tokenizer's chat template.
     */
    Chat(argument: _lmforge_v1_ChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    Chat(argument: _lmforge_v1_ChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    Chat(argument: _lmforge_v1_ChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    Chat(argument: _lmforge_v1_ChatRequest, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Answers a conversation through the tokenizer's chat template.
     */
    chat(argument: _lmforge_v1_ChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    chat(argument: _lmforge_v1_ChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    chat(argument: _lmforge_v1_ChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    chat(argument: _lmforge_v1_ChatRequest, callback: grpc.requestCallback<_lmforge_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Answers a conversation, one message per decoded text delta.
     */
    ChatStream(argument: _lmforge_v1_ChatStreamRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_ChatStreamResponse__Output>;
    ChatStream(argument: _lmforge_v1_ChatStreamRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_ChatStreamResponse__Output>;
    /**
     * Answers a conversation, one message per decoded text delta.
     */
    chatStream(argument: _lmforge_v1_ChatStreamRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_ChatStreamResponse__Output>;
    chatStream(argument: _lmforge_v1_ChatStreamRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_ChatStreamResponse__Output>;
    /**
     * Classifies many texts; each gets its scores or its own error.
     */
    Classify(argument: _lmforge_v1_ClassifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    Classify(argument: _lmforge_v1_ClassifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    Classify(argument: _lmforge_v1_ClassifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    Classify(argument: _lmforge_v1_ClassifyRequest, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Classifies many texts; each gets its scores or its own error.
     */
    classify(argument: _lmforge_v1_ClassifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    classify(argument: _lmforge_v1_ClassifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    classify(argument: _lmforge_v1_ClassifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    classify(argument: _lmforge_v1_ClassifyRequest, callback: grpc.requestCallback<_lmforge_v1_ClassifyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one embedding vector per text.
     */
    Embed(argument: _lmforge_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    Embed(argument: _lmforge_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    Embed(argument: _lmforge_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    Embed(argument: _lmforge_v1_EmbedRequest, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one embedding vector per text.
     */
    embed(argument: _lmforge_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    embed(argument: _lmforge_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    embed(argument: _lmforge_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    embed(argument: _lmforge_v1_EmbedRequest, callback: grpc.requestCallback<_lmforge_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Generates a completion of a prompt.
     */
    Generate(argument: _lmforge_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    Generate(argument: _lmforge_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    Generate(argument: _lmforge_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    Generate(argument: _lmforge_v1_GenerateRequest, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Generates a completion of a prompt.
     */
    generate(argument: _lmforge_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    generate(argument: _lmforge_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    generate(argument: _lmforge_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    generate(argument: _lmforge_v1_GenerateRequest, callback: grpc.requestCallback<_lmforge_v1_GenerateResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Generates a completion, one message per decoded text delta.
     */
    GenerateStream(argument: _lmforge_v1_GenerateStreamRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_GenerateStreamResponse__Output>;
    GenerateStream(argument: _lmforge_v1_GenerateStreamRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_GenerateStreamResponse__Output>;
    /**
     * Generates a completion, one message per decoded text delta.
     */
    generateStream(argument: _lmforge_v1_GenerateStreamRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_GenerateStreamResponse__Output>;
    generateStream(argument: _lmforge_v1_GenerateStreamRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_GenerateStreamResponse__Output>;
    /**
     * Returns the loaded models, queue depths and free capacity.
     */
    GetServerInfo(argument: _lmforge_v1_GetServerInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    GetServerInfo(argument: _lmforge_v1_GetServerInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    GetServerInfo(argument: _lmforge_v1_GetServerInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    GetServerInfo(argument: _lmforge_v1_GetServerInfoRequest, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns the loaded models, queue depths and free capacity.
     */
    getServerInfo(argument: _lmforge_v1_GetServerInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    getServerInfo(argument: _lmforge_v1_GetServerInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    getServerInfo(argument: _lmforge_v1_GetServerInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    getServerInfo(argument: _lmforge_v1_GetServerInfoRequest, callback: grpc.requestCallback<_lmforge_v1_GetServerInfoResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists loaded (and loading) models.
     */
    ListLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    ListLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    ListLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    ListLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists loaded (and loading) models.
     */
    listLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    listLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    listLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    listLoadedModels(argument: _lmforge_v1_ListLoadedModelsRequest, callback: grpc.requestCallback<_lmforge_v1_ListLoadedModelsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Attaches a registry adapter version to its loaded base model.
     */
    LoadAdapter(argument: _lmforge_v1_LoadAdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    LoadAdapter(argument: _lmforge_v1_LoadAdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    LoadAdapter(argument: _lmforge_v1_LoadAdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    LoadAdapter(argument: _lmforge_v1_LoadAdapterRequest, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Attaches a registry adapter version to its loaded base model.
     */
    loadAdapter(argument: _lmforge_v1_LoadAdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    loadAdapter(argument: _lmforge_v1_LoadAdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    loadAdapter(argument: _lmforge_v1_LoadAdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    loadAdapter(argument: _lmforge_v1_LoadAdapterRequest, callback: grpc.requestCallback<_lmforge_v1_LoadAdapterResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Loads a model version from the registry. Blocks until the model has run
     * its warm-up forward pass unless no_wait is set. The grpc.health.v1 service
     * name "lmforge.model/<name>" reports NOT_SERVING while the model loads and
     * SERVING once its warm-up has run. Requests naming a model that is not
     * loaded (or still loading) fail with FAILED_PRECONDITION.
     */
    LoadModel(argument: _lmforge_v1_LoadModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    LoadModel(argument: _lmforge_v1_LoadModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    LoadModel(argument: _lmforge_v1_LoadModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    LoadModel(argument: _lmforge_v1_LoadModelRequest, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Loads a model version from the registry. Blocks until the model has run
     * its warm-up forward pass unless no_wait is set. The grpc.health.v1 service
     * name "lmforge.model/<name>" reports NOT_SERVING while the model loads and
     * SERVING once its warm-up has run. Requests naming a model that is not
     * loaded (or still loading) fail with FAILED_PRECONDITION.
     */
    loadModel(argument: _lmforge_v1_LoadModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    loadModel(argument: _lmforge_v1_LoadModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    loadModel(argument: _lmforge_v1_LoadModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    loadModel(argument: _lmforge_v1_LoadModelRequest, callback: grpc.requestCallback<_lmforge_v1_LoadModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Runs any transformers pipeline task the model supports.
     */
    RunPipeline(argument: _lmforge_v1_RunPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    RunPipeline(argument: _lmforge_v1_RunPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    RunPipeline(argument: _lmforge_v1_RunPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    RunPipeline(argument: _lmforge_v1_RunPipelineRequest, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Runs any transformers pipeline task the model supports.
     */
    runPipeline(argument: _lmforge_v1_RunPipelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    runPipeline(argument: _lmforge_v1_RunPipelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    runPipeline(argument: _lmforge_v1_RunPipelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    runPipeline(argument: _lmforge_v1_RunPipelineRequest, callback: grpc.requestCallback<_lmforge_v1_RunPipelineResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Detaches an adapter.
     */
    UnloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    UnloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    UnloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    UnloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Detaches an adapter.
     */
    unloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    unloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    unloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    unloadAdapter(argument: _lmforge_v1_UnloadAdapterRequest, callback: grpc.requestCallback<_lmforge_v1_UnloadAdapterResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Unloads a model (and its adapters) and frees its memory.
     */
    UnloadModel(argument: _lmforge_v1_UnloadModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    UnloadModel(argument: _lmforge_v1_UnloadModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    UnloadModel(argument: _lmforge_v1_UnloadModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    UnloadModel(argument: _lmforge_v1_UnloadModelRequest, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Unloads a model (and its adapters) and frees its memory.
     */
    unloadModel(argument: _lmforge_v1_UnloadModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    unloadModel(argument: _lmforge_v1_UnloadModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    unloadModel(argument: _lmforge_v1_UnloadModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
    unloadModel(argument: _lmforge_v1_UnloadModelRequest, callback: grpc.requestCallback<_lmforge_v1_UnloadModelResponse__Output>): grpc.ClientUnaryCall;
}
/**
 * InferenceService loads registry models into memory and serves them:
 * streamed generation and chat (continuous batching), batched classification
 * (dynamic batcher), embeddings and any transformers pipeline, each optionally
 * through a LoRA adapter attached to the loaded base model.
 */
export interface InferenceServiceHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Answers a conversation through the tokenizer's chat template.
     */
    Chat: grpc.handleUnaryCall<_lmforge_v1_ChatRequest__Output, _lmforge_v1_ChatResponse>;
    /**
     * Answers a conversation, one message per decoded text delta.
     */
    ChatStream: grpc.handleServerStreamingCall<_lmforge_v1_ChatStreamRequest__Output, _lmforge_v1_ChatStreamResponse>;
    /**
     * Classifies many texts; each gets its scores or its own error.
     */
    Classify: grpc.handleUnaryCall<_lmforge_v1_ClassifyRequest__Output, _lmforge_v1_ClassifyResponse>;
    /**
     * Returns one embedding vector per text.
     */
    Embed: grpc.handleUnaryCall<_lmforge_v1_EmbedRequest__Output, _lmforge_v1_EmbedResponse>;
    /**
     * Generates a completion of a prompt.
     */
    Generate: grpc.handleUnaryCall<_lmforge_v1_GenerateRequest__Output, _lmforge_v1_GenerateResponse>;
    /**
     * Generates a completion, one message per decoded text delta.
     */
    GenerateStream: grpc.handleServerStreamingCall<_lmforge_v1_GenerateStreamRequest__Output, _lmforge_v1_GenerateStreamResponse>;
    /**
     * Returns the loaded models, queue depths and free capacity.
     */
    GetServerInfo: grpc.handleUnaryCall<_lmforge_v1_GetServerInfoRequest__Output, _lmforge_v1_GetServerInfoResponse>;
    /**
     * Lists loaded (and loading) models.
     */
    ListLoadedModels: grpc.handleUnaryCall<_lmforge_v1_ListLoadedModelsRequest__Output, _lmforge_v1_ListLoadedModelsResponse>;
    /**
     * Attaches a registry adapter version to its loaded base model.
     */
    LoadAdapter: grpc.handleUnaryCall<_lmforge_v1_LoadAdapterRequest__Output, _lmforge_v1_LoadAdapterResponse>;
    /**
     * Loads a model version from the registry. Blocks until the model has run
     * its warm-up forward pass unless no_wait is set. The grpc.health.v1 service
     * name "lmforge.model/<name>" reports NOT_SERVING while the model loads and
     * SERVING once its warm-up has run. Requests naming a model that is not
     * loaded (or still loading) fail with FAILED_PRECONDITION.
     */
    LoadModel: grpc.handleUnaryCall<_lmforge_v1_LoadModelRequest__Output, _lmforge_v1_LoadModelResponse>;
    /**
     * Runs any transformers pipeline task the model supports.
     */
    RunPipeline: grpc.handleUnaryCall<_lmforge_v1_RunPipelineRequest__Output, _lmforge_v1_RunPipelineResponse>;
    /**
     * Detaches an adapter.
     */
    UnloadAdapter: grpc.handleUnaryCall<_lmforge_v1_UnloadAdapterRequest__Output, _lmforge_v1_UnloadAdapterResponse>;
    /**
     * Unloads a model (and its adapters) and frees its memory.
     */
    UnloadModel: grpc.handleUnaryCall<_lmforge_v1_UnloadModelRequest__Output, _lmforge_v1_UnloadModelResponse>;
}
export interface InferenceServiceDefinition extends grpc.ServiceDefinition {
    Chat: MethodDefinition<_lmforge_v1_ChatRequest, _lmforge_v1_ChatResponse, _lmforge_v1_ChatRequest__Output, _lmforge_v1_ChatResponse__Output>;
    ChatStream: MethodDefinition<_lmforge_v1_ChatStreamRequest, _lmforge_v1_ChatStreamResponse, _lmforge_v1_ChatStreamRequest__Output, _lmforge_v1_ChatStreamResponse__Output>;
    Classify: MethodDefinition<_lmforge_v1_ClassifyRequest, _lmforge_v1_ClassifyResponse, _lmforge_v1_ClassifyRequest__Output, _lmforge_v1_ClassifyResponse__Output>;
    Embed: MethodDefinition<_lmforge_v1_EmbedRequest, _lmforge_v1_EmbedResponse, _lmforge_v1_EmbedRequest__Output, _lmforge_v1_EmbedResponse__Output>;
    Generate: MethodDefinition<_lmforge_v1_GenerateRequest, _lmforge_v1_GenerateResponse, _lmforge_v1_GenerateRequest__Output, _lmforge_v1_GenerateResponse__Output>;
    GenerateStream: MethodDefinition<_lmforge_v1_GenerateStreamRequest, _lmforge_v1_GenerateStreamResponse, _lmforge_v1_GenerateStreamRequest__Output, _lmforge_v1_GenerateStreamResponse__Output>;
    GetServerInfo: MethodDefinition<_lmforge_v1_GetServerInfoRequest, _lmforge_v1_GetServerInfoResponse, _lmforge_v1_GetServerInfoRequest__Output, _lmforge_v1_GetServerInfoResponse__Output>;
    ListLoadedModels: MethodDefinition<_lmforge_v1_ListLoadedModelsRequest, _lmforge_v1_ListLoadedModelsResponse, _lmforge_v1_ListLoadedModelsRequest__Output, _lmforge_v1_ListLoadedModelsResponse__Output>;
    LoadAdapter: MethodDefinition<_lmforge_v1_LoadAdapterRequest, _lmforge_v1_LoadAdapterResponse, _lmforge_v1_LoadAdapterRequest__Output, _lmforge_v1_LoadAdapterResponse__Output>;
    LoadModel: MethodDefinition<_lmforge_v1_LoadModelRequest, _lmforge_v1_LoadModelResponse, _lmforge_v1_LoadModelRequest__Output, _lmforge_v1_LoadModelResponse__Output>;
    RunPipeline: MethodDefinition<_lmforge_v1_RunPipelineRequest, _lmforge_v1_RunPipelineResponse, _lmforge_v1_RunPipelineRequest__Output, _lmforge_v1_RunPipelineResponse__Output>;
    UnloadAdapter: MethodDefinition<_lmforge_v1_UnloadAdapterRequest, _lmforge_v1_UnloadAdapterResponse, _lmforge_v1_UnloadAdapterRequest__Output, _lmforge_v1_UnloadAdapterResponse__Output>;
    UnloadModel: MethodDefinition<_lmforge_v1_UnloadModelRequest, _lmforge_v1_UnloadModelResponse, _lmforge_v1_UnloadModelRequest__Output, _lmforge_v1_UnloadModelResponse__Output>;
}
