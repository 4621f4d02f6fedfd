// Hand-written declarations for index.js. The message types come from
// types/, which scripts/gen-types.js generates from the protos (see README).
// test/contract.test.js fails when an RPC of the protos has no method here.

import type * as grpc from '@grpc/grpc-js';
import type { AbortDatasetVersionRequest, AbortDatasetVersionRequest__Output } from './types/lmforge/v1/AbortDatasetVersionRequest';
import type { AbortDatasetVersionResponse, AbortDatasetVersionResponse__Output } from './types/lmforge/v1/AbortDatasetVersionResponse';
import type { AbortModelVersionRequest, AbortModelVersionRequest__Output } from './types/lmforge/v1/AbortModelVersionRequest';
import type { AbortModelVersionResponse, AbortModelVersionResponse__Output } from './types/lmforge/v1/AbortModelVersionResponse';
import type { ChatMessage, ChatMessage__Output } from './types/lmforge/v1/ChatMessage';
import type { ChatResponse, ChatResponse__Output } from './types/lmforge/v1/ChatResponse';
import type { ChatStreamResponse, ChatStreamResponse__Output } from './types/lmforge/v1/ChatStreamResponse';
import type { ClassifyResult, ClassifyResult__Output } from './types/lmforge/v1/ClassifyResult';
import type { CreateDatasetRequest, CreateDatasetRequest__Output } from './types/lmforge/v1/CreateDatasetRequest';
import type { CreateDatasetResponse, CreateDatasetResponse__Output } from './types/lmforge/v1/CreateDatasetResponse';
import type { CreateDatasetVersionRequest, CreateDatasetVersionRequest__Output } from './types/lmforge/v1/CreateDatasetVersionRequest';
import type { CreateDatasetVersionResponse, CreateDatasetVersionResponse__Output } from './types/lmforge/v1/CreateDatasetVersionResponse';
import type { CreateModelRequest, CreateModelRequest__Output } from './types/lmforge/v1/CreateModelRequest';
import type { CreateModelResponse, CreateModelResponse__Output } from './types/lmforge/v1/CreateModelResponse';
import type { CreateModelVersionRequest, CreateModelVersionRequest__Output } from './types/lmforge/v1/CreateModelVersionRequest';
import type { CreateModelVersionResponse, CreateModelVersionResponse__Output } from './types/lmforge/v1/CreateModelVersionResponse';
import type { DeleteAliasRequest, DeleteAliasRequest__Output } from './types/lmforge/v1/DeleteAliasRequest';
import type { DeleteAliasResponse, DeleteAliasResponse__Output } from './types/lmforge/v1/DeleteAliasResponse';
import type { DeleteDatasetRequest, DeleteDatasetRequest__Output } from './types/lmforge/v1/DeleteDatasetRequest';
import type { DeleteDatasetResponse, DeleteDatasetResponse__Output } from './types/lmforge/v1/DeleteDatasetResponse';
import type { DeleteDatasetVersionRequest, DeleteDatasetVersionRequest__Output } from './types/lmforge/v1/DeleteDatasetVersionRequest';
import type { DeleteDatasetVersionResponse, DeleteDatasetVersionResponse__Output } from './types/lmforge/v1/DeleteDatasetVersionResponse';
import type { DeleteModelRequest, DeleteModelRequest__Output } from './types/lmforge/v1/DeleteModelRequest';
import type { DeleteModelResponse, DeleteModelResponse__Output } from './types/lmforge/v1/DeleteModelResponse';
import type { DeleteModelVersionRequest, DeleteModelVersionRequest__Output } from './types/lmforge/v1/DeleteModelVersionRequest';
import type { DeleteModelVersionResponse, DeleteModelVersionResponse__Output } from './types/lmforge/v1/DeleteModelVersionResponse';
import type { DownloadFileRequest, DownloadFileRequest__Output } from './types/lmforge/v1/DownloadFileRequest';
import type { DownloadFileResponse, DownloadFileResponse__Output } from './types/lmforge/v1/DownloadFileResponse';
import type { FileEntry, FileEntry__Output } from './types/lmforge/v1/FileEntry';
import type { FinalizeDatasetVersionRequest, FinalizeDatasetVersionRequest__Output } from './types/lmforge/v1/FinalizeDatasetVersionRequest';
import type { FinalizeDatasetVersionResponse, FinalizeDatasetVersionResponse__Output } from './types/lmforge/v1/FinalizeDatasetVersionResponse';
import type { FinalizeModelVersionRequest, FinalizeModelVersionRequest__Output } from './types/lmforge/v1/FinalizeModelVersionRequest';
import type { FinalizeModelVersionResponse, FinalizeModelVersionResponse__Output } from './types/lmforge/v1/FinalizeModelVersionResponse';
import type { GenerateResponse, GenerateResponse__Output } from './types/lmforge/v1/GenerateResponse';
import type { GenerateStreamResponse, GenerateStreamResponse__Output } from './types/lmforge/v1/GenerateStreamResponse';
import type { GenerationParameters, GenerationParameters__Output } from './types/lmforge/v1/GenerationParameters';
import type { GetDatasetRequest, GetDatasetRequest__Output } from './types/lmforge/v1/GetDatasetRequest';
import type { GetDatasetResponse, GetDatasetResponse__Output } from './types/lmforge/v1/GetDatasetResponse';
import type { GetDatasetVersionRequest, GetDatasetVersionRequest__Output } from './types/lmforge/v1/GetDatasetVersionRequest';
import type { GetDatasetVersionResponse, GetDatasetVersionResponse__Output } from './types/lmforge/v1/GetDatasetVersionResponse';
import type { GetDownloadUrlRequest, GetDownloadUrlRequest__Output } from './types/lmforge/v1/GetDownloadUrlRequest';
import type { GetDownloadUrlResponse, GetDownloadUrlResponse__Output } from './types/lmforge/v1/GetDownloadUrlResponse';
import type { GetModelRequest, GetModelRequest__Output } from './types/lmforge/v1/GetModelRequest';
import type { GetModelResponse, GetModelResponse__Output } from './types/lmforge/v1/GetModelResponse';
import type { GetModelVersionRequest, GetModelVersionRequest__Output } from './types/lmforge/v1/GetModelVersionRequest';
import type { GetModelVersionResponse, GetModelVersionResponse__Output } from './types/lmforge/v1/GetModelVersionResponse';
import type { GetServerInfoRequest, GetServerInfoRequest__Output } from './types/lmforge/v1/GetServerInfoRequest';
import type { GetServerInfoResponse, GetServerInfoResponse__Output } from './types/lmforge/v1/GetServerInfoResponse';
import type { GetUploadUrlRequest, GetUploadUrlRequest__Output } from './types/lmforge/v1/GetUploadUrlRequest';
import type { GetUploadUrlResponse, GetUploadUrlResponse__Output } from './types/lmforge/v1/GetUploadUrlResponse';
import type { Job, Job__Output } from './types/lmforge/v1/Job';
import type { JobEvent, JobEvent__Output } from './types/lmforge/v1/JobEvent';
import type { JobSpec, JobSpec__Output } from './types/lmforge/v1/JobSpec';
import type { JobState, JobState__Output } from './types/lmforge/v1/JobState';
import type { ListDatasetVersionsRequest, ListDatasetVersionsRequest__Output } from './types/lmforge/v1/ListDatasetVersionsRequest';
import type { ListDatasetVersionsResponse, ListDatasetVersionsResponse__Output } from './types/lmforge/v1/ListDatasetVersionsResponse';
import type { ListDatasetsRequest, ListDatasetsRequest__Output } from './types/lmforge/v1/ListDatasetsRequest';
import type { ListDatasetsResponse, ListDatasetsResponse__Output } from './types/lmforge/v1/ListDatasetsResponse';
import type { ListJobsResponse, ListJobsResponse__Output } from './types/lmforge/v1/ListJobsResponse';
import type { ListModelVersionsRequest, ListModelVersionsRequest__Output } from './types/lmforge/v1/ListModelVersionsRequest';
import type { ListModelVersionsResponse, ListModelVersionsResponse__Output } from './types/lmforge/v1/ListModelVersionsResponse';
import type { ListModelsRequest, ListModelsRequest__Output } from './types/lmforge/v1/ListModelsRequest';
import type { LoadAdapterRequest, LoadAdapterRequest__Output } from './types/lmforge/v1/LoadAdapterRequest';
import type { LoadAdapterResponse, LoadAdapterResponse__Output } from './types/lmforge/v1/LoadAdapterResponse';
import type { LoadedModel, LoadedModel__Output } from './types/lmforge/v1/LoadedModel';
import type { Model, Model__Output } from './types/lmforge/v1/Model';
import type { ModelState, ModelState__Output } from './types/lmforge/v1/ModelState';
import type { ResolveDatasetRequest, ResolveDatasetRequest__Output } from './types/lmforge/v1/ResolveDatasetRequest';
import type { ResolveDatasetResponse, ResolveDatasetResponse__Output } from './types/lmforge/v1/ResolveDatasetResponse';
import type { ResolveModelResponse, ResolveModelResponse__Output } from './types/lmforge/v1/ResolveModelResponse';
import type { RunPipelineRequest, RunPipelineRequest__Output } from './types/lmforge/v1/RunPipelineRequest';
import type { RunPipelineResponse, RunPipelineResponse__Output } from './types/lmforge/v1/RunPipelineResponse';
import type { SetAliasRequest, SetAliasRequest__Output } from './types/lmforge/v1/SetAliasRequest';
import type { PromoteVersionRequest } from './types/lmforge/v1/PromoteVersionRequest';
import type { PromoteVersionResponse__Output } from './types/lmforge/v1/PromoteVersionResponse';
import type { ReportDeploymentRequest } from './types/lmforge/v1/ReportDeploymentRequest';
import type { ReportDeploymentResponse__Output } from './types/lmforge/v1/ReportDeploymentResponse';
import type { SetAliasResponse, SetAliasResponse__Output } from './types/lmforge/v1/SetAliasResponse';
import type { UnloadAdapterRequest, UnloadAdapterRequest__Output } from './types/lmforge/v1/UnloadAdapterRequest';
import type { UnloadAdapterResponse, UnloadAdapterResponse__Output } from './types/lmforge/v1/UnloadAdapterResponse';
import type { UpdateModelRequest, UpdateModelRequest__Output } from './types/lmforge/v1/UpdateModelRequest';
import type { UpdateModelResponse, UpdateModelResponse__Output } from './types/lmforge/v1/UpdateModelResponse';
import type { UploadFileHeader, UploadFileHeader__Output } from './types/lmforge/v1/UploadFileHeader';
import type { WatchEventsRequest, WatchEventsRequest__Output } from './types/lmforge/v1/WatchEventsRequest';
import type { WatchEventsResponse, WatchEventsResponse__Output } from './types/lmforge/v1/WatchEventsResponse';

export interface ClientOptions {
  /** host:port (default LMFORGE_REGISTRY_ADDRESS or 127.0.0.1:50051) */
  registry?: string;
  /** host:port (default LMFORGE_INFERENCE_ADDRESS or 127.0.0.1:50052) */
  inference?: string;
  /** host:port (default LMFORGE_TRAINING_ADDRESS or 127.0.0.1:50053) */
  training?: string;
  /** bearer token (default LMFORGE_AUTH_TOKEN) */
  token?: string;
  /** PEM roots: use TLS */
  rootCerts?: Buffer;
  /** deadline of each unary call */
  timeoutMs?: number;
}

/** An error from a service: `status` is the gRPC status name, `code` its number. */
export declare class LmforgeError extends Error {
  readonly status: string;
  readonly code: number;
  /** the server's message */
  readonly details: string;
  constructor(status: string, message: string, code: number);
}

/** A server stream: async-iterable; `cancel()` ends it quietly. */
export declare class Stream<T> implements AsyncIterable<T> {
  readonly call: grpc.ClientReadableStream<unknown>;
  readonly cancelled: boolean;
  cancel(): void;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

export interface ChatOptions {
  adapter?: string;
  /** OpenAI-style tool definitions */
  tools?: Array<{ type?: string; function: { name: string; description?: string; parameters?: object } }>;
  /** "auto", "none", "required", a function name, or {function: {name}} */
  toolChoice?: string | { function: { name: string } };
  /** allowlisted template variables (e.g. {enable_thinking: false}) */
  chatTemplateKwargs?: Record<string, unknown>;
}

export interface LoadModelOptions {
  name?: string;
  task?: string;
  dtype?: string;
  device?: string;
  deviceMap?: string;
}

export declare class LmforgeClient {
  constructor(options?: ClientOptions);
  readonly addresses: { registry: string; inference: string; training: string };
  /** Close every channel. */
  close(): void;

  // registry
  /** Every registered model (follows every page). */
  listModels(filter?: Omit<ListModelsRequest, 'pageToken'>): Promise<Model__Output[]>;
  /** ResolveModel: "name", "name:3" or "name@alias". */
  resolveModel(reference: string): Promise<ResolveModelResponse__Output>;
  /** Same as resolveModel. */
  resolve(reference: string): Promise<ResolveModelResponse__Output>;
  /** UploadFile (client streaming): the header, then the content in chunks. */
  uploadFile(header: UploadFileHeader, content: Buffer | Iterable<Buffer> | AsyncIterable<Buffer>): Promise<FileEntry__Output>;
  /** DownloadFile (server streaming): {file} first, then {chunk}s. */
  downloadFile(request: DownloadFileRequest): Stream<DownloadFileResponse__Output>;
  /** WatchEvents (server streaming): {started}, then {event} per change. */
  watchEvents(request?: WatchEventsRequest): Stream<WatchEventsResponse__Output>;

  // inference
  /** Load a registry version; resolves once READY. */
  loadModel(reference: string, options?: LoadModelOptions): Promise<LoadedModel__Output>;
  /** Resolves to the bytes freed. */
  unloadModel(name: string): Promise<number>;
  listLoadedModels(): Promise<LoadedModel__Output[]>;
  generate(model: string, prompt: string, parameters?: GenerationParameters, options?: { adapter?: string }): Promise<GenerateResponse__Output>;
  generateStream(model: string, prompt: string, parameters?: GenerationParameters, options?: { adapter?: string }): Stream<GenerateStreamResponse__Output>;
  chat(model: string, messages: ChatMessage[], parameters?: GenerationParameters, options?: ChatOptions): Promise<ChatResponse__Output>;
  chatStream(model: string, messages: ChatMessage[], parameters?: GenerationParameters, options?: ChatOptions): Stream<ChatStreamResponse__Output>;
  /** One result per text. */
  classify(model: string, texts: string[], options?: { topK?: number; adapter?: string }): Promise<ClassifyResult__Output[]>;
  /** RunPipeline: a text, texts, a Buffer (with mediaType) or a JSON value; the output as plain JS. */
  runPipeline(model: string, input: string | string[] | Buffer | unknown, options?: { task?: string; parameters?: Record<string, unknown>; mediaType?: string }): Promise<{ output: unknown; task: string }>;
  /** One vector per text. */
  embed(model: string, texts: string[], options?: { normalize?: boolean; pooling?: 'mean' | 'cls' | 'last' }): Promise<number[][]>;

  // training
  /** Queue a job; resolves at once with the job (QUEUED). */
  submitJob(spec: JobSpec): Promise<Job__Output>;
  getJob(id: string): Promise<Job__Output>;
  /** One page, newest first. */
  listJobs(request?: { state?: JobState; pageSize?: number; pageToken?: string }): Promise<ListJobsResponse__Output>;
  /** Resolves to the job, now CANCELLED. */
  cancelJob(id: string): Promise<Job__Output>;
  /** Queue a FAILED or CANCELLED job again from its last checkpoint. */
  resumeJob(id: string): Promise<Job__Output>;
  /** The job's events, history first; ends when the job does. */
  watchJob(id: string, options?: { afterSequence?: number }): Stream<JobEvent__Output>;

  // registry: request and response as the contract defines them
  createModel(request?: CreateModelRequest): Promise<CreateModelResponse__Output>;
  getModel(request?: GetModelRequest): Promise<GetModelResponse__Output>;
  updateModel(request?: UpdateModelRequest): Promise<UpdateModelResponse__Output>;
  deleteModel(request?: DeleteModelRequest): Promise<DeleteModelResponse__Output>;
  createModelVersion(request?: CreateModelVersionRequest): Promise<CreateModelVersionResponse__Output>;
  finalizeModelVersion(request?: FinalizeModelVersionRequest): Promise<FinalizeModelVersionResponse__Output>;
  abortModelVersion(request?: AbortModelVersionRequest): Promise<AbortModelVersionResponse__Output>;
  getModelVersion(request?: GetModelVersionRequest): Promise<GetModelVersionResponse__Output>;
  listModelVersions(request?: ListModelVersionsRequest): Promise<ListModelVersionsResponse__Output>;
  deleteModelVersion(request?: DeleteModelVersionRequest): Promise<DeleteModelVersionResponse__Output>;
  setAlias(request?: SetAliasRequest): Promise<SetAliasResponse__Output>;
  deleteAlias(request?: DeleteAliasRequest): Promise<DeleteAliasResponse__Output>;
  /** Gated promotion: moves the alias only if the version's metric beats the target's. */
  promoteVersion(request?: PromoteVersionRequest): Promise<PromoteVersionResponse__Output>;
  /** An inference server reports a swap (or failed swap) to a followed alias's version. */
  reportDeployment(request?: ReportDeploymentRequest): Promise<ReportDeploymentResponse__Output>;
  getUploadUrl(request?: GetUploadUrlRequest): Promise<GetUploadUrlResponse__Output>;
  getDownloadUrl(request?: GetDownloadUrlRequest): Promise<GetDownloadUrlResponse__Output>;
  createDataset(request?: CreateDatasetRequest): Promise<CreateDatasetResponse__Output>;
  getDataset(request?: GetDatasetRequest): Promise<GetDatasetResponse__Output>;
  listDatasets(request?: ListDatasetsRequest): Promise<ListDatasetsResponse__Output>;
  deleteDataset(request?: DeleteDatasetRequest): Promise<DeleteDatasetResponse__Output>;
  createDatasetVersion(request?: CreateDatasetVersionRequest): Promise<CreateDatasetVersionResponse__Output>;
  finalizeDatasetVersion(request?: FinalizeDatasetVersionRequest): Promise<FinalizeDatasetVersionResponse__Output>;
  abortDatasetVersion(request?: AbortDatasetVersionRequest): Promise<AbortDatasetVersionResponse__Output>;
  getDatasetVersion(request?: GetDatasetVersionRequest): Promise<GetDatasetVersionResponse__Output>;
  listDatasetVersions(request?: ListDatasetVersionsRequest): Promise<ListDatasetVersionsResponse__Output>;
  deleteDatasetVersion(request?: DeleteDatasetVersionRequest): Promise<DeleteDatasetVersionResponse__Output>;
  resolveDataset(request?: ResolveDatasetRequest): Promise<ResolveDatasetResponse__Output>;
  // inference: request and response as the contract defines them
  loadAdapter(request?: LoadAdapterRequest): Promise<LoadAdapterResponse__Output>;
  unloadAdapter(request?: UnloadAdapterRequest): Promise<UnloadAdapterResponse__Output>;
  getServerInfo(request?: GetServerInfoRequest): Promise<GetServerInfoResponse__Output>;
}

/** The lmforge.v1 package as loaded by @grpc/proto-loader (the raw service constructors). */
export declare function loadPackage(): Record<string, any>;
/** "GetModelVersion" -> "getModelVersion" */
export declare function methodName(rpc: string): string;
