import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { ChatMessage as _lmforge_v1_ChatMessage, ChatMessage__Output as _lmforge_v1_ChatMessage__Output } from './lmforge/v1/ChatMessage';
import type { ChatRequest as _lmforge_v1_ChatRequest, ChatRequest__Output as _lmforge_v1_ChatRequest__Output } from './lmforge/v1/ChatRequest';
import type { ChatResponse as _lmforge_v1_ChatResponse, ChatResponse__Output as _lmforge_v1_ChatResponse__Output } from './lmforge/v1/ChatResponse';
import type { ChatStreamRequest as _lmforge_v1_ChatStreamRequest, ChatStreamRequest__Output as _lmforge_v1_ChatStreamRequest__Output } from './lmforge/v1/ChatStreamRequest';
import type { ChatStreamResponse as _lmforge_v1_ChatStreamResponse, ChatStreamResponse__Output as _lmforge_v1_ChatStreamResponse__Output } from './lmforge/v1/ChatStreamResponse';
import type { ChoiceList as _lmforge_v1_ChoiceList, ChoiceList__Output as _lmforge_v1_ChoiceList__Output } from './lmforge/v1/ChoiceList';
import type { ClassifyRequest as _lmforge_v1_ClassifyRequest, ClassifyRequest__Output as _lmforge_v1_ClassifyRequest__Output } from './lmforge/v1/ClassifyRequest';
import type { ClassifyResponse as _lmforge_v1_ClassifyResponse, ClassifyResponse__Output as _lmforge_v1_ClassifyResponse__Output } from './lmforge/v1/ClassifyResponse';
import type { ClassifyResult as _lmforge_v1_ClassifyResult, ClassifyResult__Output as _lmforge_v1_ClassifyResult__Output } from './lmforge/v1/ClassifyResult';
import type { DatasetVersionKey as _lmforge_v1_DatasetVersionKey, DatasetVersionKey__Output as _lmforge_v1_DatasetVersionKey__Output } from './lmforge/v1/DatasetVersionKey';
import type { EmbedRequest as _lmforge_v1_EmbedRequest, EmbedRequest__Output as _lmforge_v1_EmbedRequest__Output } from './lmforge/v1/EmbedRequest';
import type { EmbedResponse as _lmforge_v1_EmbedResponse, EmbedResponse__Output as _lmforge_v1_EmbedResponse__Output } from './lmforge/v1/EmbedResponse';
import type { Embedding as _lmforge_v1_Embedding, Embedding__Output as _lmforge_v1_Embedding__Output } from './lmforge/v1/Embedding';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from './lmforge/v1/FileEntry';
import type { GenerateRequest as _lmforge_v1_GenerateRequest, GenerateRequest__Output as _lmforge_v1_GenerateRequest__Output } from './lmforge/v1/GenerateRequest';
import type { GenerateResponse as _lmforge_v1_GenerateResponse, GenerateResponse__Output as _lmforge_v1_GenerateResponse__Output } from './lmforge/v1/GenerateResponse';
import type { GenerateStreamRequest as _lmforge_v1_GenerateStreamRequest, GenerateStreamRequest__Output as _lmforge_v1_GenerateStreamRequest__Output } from './lmforge/v1/GenerateStreamRequest';
import type { GenerateStreamResponse as _lmforge_v1_GenerateStreamResponse, GenerateStreamResponse__Output as _lmforge_v1_GenerateStreamResponse__Output } from './lmforge/v1/GenerateStreamResponse';
import type { GenerationParameters as _lmforge_v1_GenerationParameters, GenerationParameters__Output as _lmforge_v1_GenerationParameters__Output } from './lmforge/v1/GenerationParameters';
import type { GetServerInfoRequest as _lmforge_v1_GetServerInfoRequest, GetServerInfoRequest__Output as _lmforge_v1_GetServerInfoRequest__Output } from './lmforge/v1/GetServerInfoRequest';
import type { GetServerInfoResponse as _lmforge_v1_GetServerInfoResponse, GetServerInfoResponse__Output as _lmforge_v1_GetServerInfoResponse__Output } from './lmforge/v1/GetServerInfoResponse';
import type { InferenceServiceClient as _lmforge_v1_InferenceServiceClient, InferenceServiceDefinition as _lmforge_v1_InferenceServiceDefinition } from './lmforge/v1/InferenceService';
import type { ItemError as _lmforge_v1_ItemError, ItemError__Output as _lmforge_v1_ItemError__Output } from './lmforge/v1/ItemError';
import type { LabelScore as _lmforge_v1_LabelScore, LabelScore__Output as _lmforge_v1_LabelScore__Output } from './lmforge/v1/LabelScore';
import type { ListLoadedModelsRequest as _lmforge_v1_ListLoadedModelsRequest, ListLoadedModelsRequest__Output as _lmforge_v1_ListLoadedModelsRequest__Output } from './lmforge/v1/ListLoadedModelsRequest';
import type { ListLoadedModelsResponse as _lmforge_v1_ListLoadedModelsResponse, ListLoadedModelsResponse__Output as _lmforge_v1_ListLoadedModelsResponse__Output } from './lmforge/v1/ListLoadedModelsResponse';
import type { LoadAdapterRequest as _lmforge_v1_LoadAdapterRequest, LoadAdapterRequest__Output as _lmforge_v1_LoadAdapterRequest__Output } from './lmforge/v1/LoadAdapterRequest';
import type { LoadAdapterResponse as _lmforge_v1_LoadAdapterResponse, LoadAdapterResponse__Output as _lmforge_v1_LoadAdapterResponse__Output } from './lmforge/v1/LoadAdapterResponse';
import type { LoadModelRequest as _lmforge_v1_LoadModelRequest, LoadModelRequest__Output as _lmforge_v1_LoadModelRequest__Output } from './lmforge/v1/LoadModelRequest';
import type { LoadModelResponse as _lmforge_v1_LoadModelResponse, LoadModelResponse__Output as _lmforge_v1_LoadModelResponse__Output } from './lmforge/v1/LoadModelResponse';
import type { LoadOptions as _lmforge_v1_LoadOptions, LoadOptions__Output as _lmforge_v1_LoadOptions__Output } from './lmforge/v1/LoadOptions';
import type { LoadedAdapter as _lmforge_v1_LoadedAdapter, LoadedAdapter__Output as _lmforge_v1_LoadedAdapter__Output } from './lmforge/v1/LoadedAdapter';
import type { LoadedModel as _lmforge_v1_LoadedModel, LoadedModel__Output as _lmforge_v1_LoadedModel__Output } from './lmforge/v1/LoadedModel';
import type { Media as _lmforge_v1_Media, Media__Output as _lmforge_v1_Media__Output } from './lmforge/v1/Media';
import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from './lmforge/v1/ModelVersionKey';
import type { OutputConstraint as _lmforge_v1_OutputConstraint, OutputConstraint__Output as _lmforge_v1_OutputConstraint__Output } from './lmforge/v1/OutputConstraint';
import type { PipelineInput as _lmforge_v1_PipelineInput, PipelineInput__Output as _lmforge_v1_PipelineInput__Output } from './lmforge/v1/PipelineInput';
import type { RunPipelineRequest as _lmforge_v1_RunPipelineRequest, RunPipelineRequest__Output as _lmforge_v1_RunPipelineRequest__Output } from './lmforge/v1/RunPipelineRequest';
import type { RunPipelineResponse as _lmforge_v1_RunPipelineResponse, RunPipelineResponse__Output as _lmforge_v1_RunPipelineResponse__Output } from './lmforge/v1/RunPipelineResponse';
import type { Sample as _lmforge_v1_Sample, Sample__Output as _lmforge_v1_Sample__Output } from './lmforge/v1/Sample';
import type { TextList as _lmforge_v1_TextList, TextList__Output as _lmforge_v1_TextList__Output } from './lmforge/v1/TextList';
import type { TokenLogprob as _lmforge_v1_TokenLogprob, TokenLogprob__Output as _lmforge_v1_TokenLogprob__Output } from './lmforge/v1/TokenLogprob';
import type { Tool as _lmforge_v1_Tool, Tool__Output as _lmforge_v1_Tool__Output } from './lmforge/v1/Tool';
import type { ToolCall as _lmforge_v1_ToolCall, ToolCall__Output as _lmforge_v1_ToolCall__Output } from './lmforge/v1/ToolCall';
import type { ToolChoice as _lmforge_v1_ToolChoice, ToolChoice__Output as _lmforge_v1_ToolChoice__Output } from './lmforge/v1/ToolChoice';
import type { TopLogprob as _lmforge_v1_TopLogprob, TopLogprob__Output as _lmforge_v1_TopLogprob__Output } from './lmforge/v1/TopLogprob';
import type { UnloadAdapterRequest as _lmforge_v1_UnloadAdapterRequest, UnloadAdapterRequest__Output as _lmforge_v1_UnloadAdapterRequest__Output } from './lmforge/v1/UnloadAdapterRequest';
import type { UnloadAdapterResponse as _lmforge_v1_UnloadAdapterResponse, UnloadAdapterResponse__Output as _lmforge_v1_UnloadAdapterResponse__Output } from './lmforge/v1/UnloadAdapterResponse';
import type { UnloadModelRequest as _lmforge_v1_UnloadModelRequest, UnloadModelRequest__Output as _lmforge_v1_UnloadModelRequest__Output } from './lmforge/v1/UnloadModelRequest';
import type { UnloadModelResponse as _lmforge_v1_UnloadModelResponse, UnloadModelResponse__Output as _lmforge_v1_UnloadModelResponse__Output } from './lmforge/v1/UnloadModelResponse';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from './lmforge/v1/Usage';
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
    new (...args: ConstructorParameters<Constructor>): Subtype;
};
export interface ProtoGrpcType {
    google: {
        protobuf: {
            ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>;
            NullValue: EnumTypeDefinition;
            Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>;
            Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>;
        };
    };
    lmforge: {
        v1: {
            ChatMessage: MessageTypeDefinition<_lmforge_v1_ChatMessage, _lmforge_v1_ChatMessage__Output>;
            ChatRequest: MessageTypeDefinition<_lmforge_v1_ChatRequest, _lmforge_v1_ChatRequest__Output>;
            ChatResponse: MessageTypeDefinition<_lmforge_v1_ChatResponse, _lmforge_v1_ChatResponse__Output>;
            ChatStreamRequest: MessageTypeDefinition<_lmforge_v1_ChatStreamRequest, _lmforge_v1_ChatStreamRequest__Output>;
            ChatStreamResponse: MessageTypeDefinition<_lmforge_v1_ChatStreamResponse, _lmforge_v1_ChatStreamResponse__Output>;
            ChoiceList: MessageTypeDefinition<_lmforge_v1_ChoiceList, _lmforge_v1_ChoiceList__Output>;
            ClassifyRequest: MessageTypeDefinition<_lmforge_v1_ClassifyRequest, _lmforge_v1_ClassifyRequest__Output>;
            ClassifyResponse: MessageTypeDefinition<_lmforge_v1_ClassifyResponse, _lmforge_v1_ClassifyResponse__Output>;
            ClassifyResult: MessageTypeDefinition<_lmforge_v1_ClassifyResult, _lmforge_v1_ClassifyResult__Output>;
            DatasetVersionKey: MessageTypeDefinition<_lmforge_v1_DatasetVersionKey, _lmforge_v1_DatasetVersionKey__Output>;
            EmbedRequest: MessageTypeDefinition<_lmforge_v1_EmbedRequest, _lmforge_v1_EmbedRequest__Output>;
            EmbedResponse: MessageTypeDefinition<_lmforge_v1_EmbedResponse, _lmforge_v1_EmbedResponse__Output>;
            Embedding: MessageTypeDefinition<_lmforge_v1_Embedding, _lmforge_v1_Embedding__Output>;
            FileEntry: MessageTypeDefinition<_lmforge_v1_FileEntry, _lmforge_v1_FileEntry__Output>;
            FinishReason: EnumTypeDefinition;
            GenerateRequest: MessageTypeDefinition<_lmforge_v1_GenerateRequest, _lmforge_v1_GenerateRequest__Output>;
            GenerateResponse: MessageTypeDefinition<_lmforge_v1_GenerateResponse, _lmforge_v1_GenerateResponse__Output>;
            GenerateStreamRequest: MessageTypeDefinition<_lmforge_v1_GenerateStreamRequest, _lmforge_v1_GenerateStreamRequest__Output>;
            GenerateStreamResponse: MessageTypeDefinition<_lmforge_v1_GenerateStreamResponse, _lmforge_v1_GenerateStreamResponse__Output>;
            GenerationParameters: MessageTypeDefinition<_lmforge_v1_GenerationParameters, _lmforge_v1_GenerationParameters__Output>;
            GetServerInfoRequest: MessageTypeDefinition<_lmforge_v1_GetServerInfoRequest, _lmforge_v1_GetServerInfoRequest__Output>;
            GetServerInfoResponse: MessageTypeDefinition<_lmforge_v1_GetServerInfoResponse, _lmforge_v1_GetServerInfoResponse__Output>;
            /**
             * InferenceService loads registry models into memory and serves them:
             * streamed generation and chat (continuous batching), batched classification
             * (dynamic batcher), embeddings and any transformers pipeline, each optionally
             * through a LoRA adapter attached to the loaded base model.
             */
            InferenceService: SubtypeConstructor<typeof grpc.Client, _lmforge_v1_InferenceServiceClient> & {
                service: _lmforge_v1_InferenceServiceDefinition;
            };
            ItemError: MessageTypeDefinition<_lmforge_v1_ItemError, _lmforge_v1_ItemError__Output>;
            LabelScore: MessageTypeDefinition<_lmforge_v1_LabelScore, _lmforge_v1_LabelScore__Output>;
            ListLoadedModelsRequest: MessageTypeDefinition<_lmforge_v1_ListLoadedModelsRequest, _lmforge_v1_ListLoadedModelsRequest__Output>;
            ListLoadedModelsResponse: MessageTypeDefinition<_lmforge_v1_ListLoadedModelsResponse, _lmforge_v1_ListLoadedModelsResponse__Output>;
            LoadAdapterRequest: MessageTypeDefinition<_lmforge_v1_LoadAdapterRequest, _lmforge_v1_LoadAdapterRequest__Output>;
            LoadAdapterResponse: MessageTypeDefinition<_lmforge_v1_LoadAdapterResponse, _lmforge_v1_LoadAdapterResponse__Output>;
            LoadModelRequest: MessageTypeDefinition<_lmforge_v1_LoadModelRequest, _lmforge_v1_LoadModelRequest__Output>;
            LoadModelResponse: MessageTypeDefinition<_lmforge_v1_LoadModelResponse, _lmforge_v1_LoadModelResponse__Output>;
            LoadOptions: MessageTypeDefinition<_lmforge_v1_LoadOptions, _lmforge_v1_LoadOptions__Output>;
            LoadedAdapter: MessageTypeDefinition<_lmforge_v1_LoadedAdapter, _lmforge_v1_LoadedAdapter__Output>;
            LoadedModel: MessageTypeDefinition<_lmforge_v1_LoadedModel, _lmforge_v1_LoadedModel__Output>;
            Media: MessageTypeDefinition<_lmforge_v1_Media, _lmforge_v1_Media__Output>;
            ModelState: EnumTypeDefinition;
            ModelVersionKey: MessageTypeDefinition<_lmforge_v1_ModelVersionKey, _lmforge_v1_ModelVersionKey__Output>;
            OutputConstraint: MessageTypeDefinition<_lmforge_v1_OutputConstraint, _lmforge_v1_OutputConstraint__Output>;
            PipelineInput: MessageTypeDefinition<_lmforge_v1_PipelineInput, _lmforge_v1_PipelineInput__Output>;
            Pooling: EnumTypeDefinition;
            Quantization: EnumTypeDefinition;
            RunPipelineRequest: MessageTypeDefinition<_lmforge_v1_RunPipelineRequest, _lmforge_v1_RunPipelineRequest__Output>;
            RunPipelineResponse: MessageTypeDefinition<_lmforge_v1_RunPipelineResponse, _lmforge_v1_RunPipelineResponse__Output>;
            Sample: MessageTypeDefinition<_lmforge_v1_Sample, _lmforge_v1_Sample__Output>;
            TextList: MessageTypeDefinition<_lmforge_v1_TextList, _lmforge_v1_TextList__Output>;
            TokenLogprob: MessageTypeDefinition<_lmforge_v1_TokenLogprob, _lmforge_v1_TokenLogprob__Output>;
            Tool: MessageTypeDefinition<_lmforge_v1_Tool, _lmforge_v1_Tool__Output>;
            ToolCall: MessageTypeDefinition<_lmforge_v1_ToolCall, _lmforge_v1_ToolCall__Output>;
            ToolChoice: MessageTypeDefinition<_lmforge_v1_ToolChoice, _lmforge_v1_ToolChoice__Output>;
            TopLogprob: MessageTypeDefinition<_lmforge_v1_TopLogprob, _lmforge_v1_TopLogprob__Output>;
            UnloadAdapterRequest: MessageTypeDefinition<_lmforge_v1_UnloadAdapterRequest, _lmforge_v1_UnloadAdapterRequest__Output>;
            UnloadAdapterResponse: MessageTypeDefinition<_lmforge_v1_UnloadAdapterResponse, _lmforge_v1_UnloadAdapterResponse__Output>;
            UnloadModelRequest: MessageTypeDefinition<_lmforge_v1_UnloadModelRequest, _lmforge_v1_UnloadModelRequest__Output>;
            UnloadModelResponse: MessageTypeDefinition<_lmforge_v1_UnloadModelResponse, _lmforge_v1_UnloadModelResponse__Output>;
            Usage: MessageTypeDefinition<_lmforge_v1_Usage, _lmforge_v1_Usage__Output>;
        };
    };
}
export {};
