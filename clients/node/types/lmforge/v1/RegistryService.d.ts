import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { AbortDatasetVersionRequest as _lmforge_v1_AbortDatasetVersionRequest, AbortDatasetVersionRequest__Output as _lmforge_v1_AbortDatasetVersionRequest__Output } from '../../lmforge/v1/AbortDatasetVersionRequest';
import type { AbortDatasetVersionResponse as _lmforge_v1_AbortDatasetVersionResponse, AbortDatasetVersionResponse__Output as _lmforge_v1_AbortDatasetVersionResponse__Output } from '../../lmforge/v1/AbortDatasetVersionResponse';
import type { AbortModelVersionRequest as _lmforge_v1_AbortModelVersionRequest, AbortModelVersionRequest__Output as _lmforge_v1_AbortModelVersionRequest__Output } from '../../lmforge/v1/AbortModelVersionRequest';
import type { AbortModelVersionResponse as _lmforge_v1_AbortModelVersionResponse, AbortModelVersionResponse__Output as _lmforge_v1_AbortModelVersionResponse__Output } from '../../lmforge/v1/AbortModelVersionResponse';
import type { CreateDatasetRequest as _lmforge_v1_CreateDatasetRequest, CreateDatasetRequest__Output as _lmforge_v1_CreateDatasetRequest__Output } from '../../lmforge/v1/CreateDatasetRequest';
import type { CreateDatasetResponse as _lmforge_v1_CreateDatasetResponse, CreateDatasetResponse__Output as _lmforge_v1_CreateDatasetResponse__Output } from '../../lmforge/v1/CreateDatasetResponse';
import type { CreateDatasetVersionRequest as _lmforge_v1_CreateDatasetVersionRequest, CreateDatasetVersionRequest__Output as _lmforge_v1_CreateDatasetVersionRequest__Output } from '../../lmforge/v1/CreateDatasetVersionRequest';
import type { CreateDatasetVersionResponse as _lmforge_v1_CreateDatasetVersionResponse, CreateDatasetVersionResponse__Output as _lmforge_v1_CreateDatasetVersionResponse__Output } from '../../lmforge/v1/CreateDatasetVersionResponse';
import type { CreateModelRequest as _lmforge_v1_CreateModelRequest, CreateModelRequest__Output as _lmforge_v1_CreateModelRequest__Output } from '../../lmforge/v1/CreateModelRequest';
import type { CreateModelResponse as _lmforge_v1_CreateModelResponse, CreateModelResponse__Output as _lmforge_v1_CreateModelResponse__Output } from '../../lmforge/v1/CreateModelResponse';
import type { CreateModelVersionRequest as _lmforge_v1_CreateModelVersionRequest, CreateModelVersionRequest__Output as _lmforge_v1_CreateModelVersionRequest__Output } from '../../lmforge/v1/CreateModelVersionRequest';
import type { CreateModelVersionResponse as _lmforge_v1_CreateModelVersionResponse, CreateModelVersionResponse__Output as _lmforge_v1_CreateModelVersionResponse__Output } from '../../lmforge/v1/CreateModelVersionResponse';
import type { DeleteAliasRequest as _lmforge_v1_DeleteAliasRequest, DeleteAliasRequest__Output as _lmforge_v1_DeleteAliasRequest__Output } from '../../lmforge/v1/DeleteAliasRequest';
import type { DeleteAliasResponse as _lmforge_v1_DeleteAliasResponse, DeleteAliasResponse__Output as _lmforge_v1_DeleteAliasResponse__Output } from '../../lmforge/v1/DeleteAliasResponse';
import type { DeleteDatasetRequest as _lmforge_v1_DeleteDatasetRequest, DeleteDatasetRequest__Output as _lmforge_v1_DeleteDatasetRequest__Output } from '../../lmforge/v1/DeleteDatasetRequest';
import type { DeleteDatasetResponse as _lmforge_v1_DeleteDatasetResponse, DeleteDatasetResponse__Output as _lmforge_v1_DeleteDatasetResponse__Output } from '../../lmforge/v1/DeleteDatasetResponse';
import type { DeleteDatasetVersionRequest as _lmforge_v1_DeleteDatasetVersionRequest, DeleteDatasetVersionRequest__Output as _lmforge_v1_DeleteDatasetVersionRequest__Output } from '../../lmforge/v1/DeleteDatasetVersionRequest';
import type { DeleteDatasetVersionResponse as _lmforge_v1_DeleteDatasetVersionResponse, DeleteDatasetVersionResponse__Output as _lmforge_v1_DeleteDatasetVersionResponse__Output } from '../../lmforge/v1/DeleteDatasetVersionResponse';
import type { DeleteModelRequest as _lmforge_v1_DeleteModelRequest, DeleteModelRequest__Output as _lmforge_v1_DeleteModelRequest__Output } from '../../lmforge/v1/DeleteModelRequest';
import type { DeleteModelResponse as _lmforge_v1_DeleteModelResponse, DeleteModelResponse__Output as _lmforge_v1_DeleteModelResponse__Output } from '../../lmforge/v1/DeleteModelResponse';
import type { DeleteModelVersionRequest as _lmforge_v1_DeleteModelVersionRequest, DeleteModelVersionRequest__Output as _lmforge_v1_DeleteModelVersionRequest__Output } from '../../lmforge/v1/DeleteModelVersionRequest';
import type { DeleteModelVersionResponse as _lmforge_v1_DeleteModelVersionResponse, DeleteModelVersionResponse__Output as _lmforge_v1_DeleteModelVersionResponse__Output } from '../../lmforge/v1/DeleteModelVersionResponse';
import type { DownloadFileRequest as _lmforge_v1_DownloadFileRequest, DownloadFileRequest__Output as _lmforge_v1_DownloadFileRequest__Output } from '../../lmforge/v1/DownloadFileRequest';
import type { DownloadFileResponse as _lmforge_v1_DownloadFileResponse, DownloadFileResponse__Output as _lmforge_v1_DownloadFileResponse__Output } from '../../lmforge/v1/DownloadFileResponse';
import type { FinalizeDatasetVersionRequest as _lmforge_v1_FinalizeDatasetVersionRequest, FinalizeDatasetVersionRequest__Output as _lmforge_v1_FinalizeDatasetVersionRequest__Output } from '../../lmforge/v1/FinalizeDatasetVersionRequest';
import type { FinalizeDatasetVersionResponse as _lmforge_v1_FinalizeDatasetVersionResponse, FinalizeDatasetVersionResponse__Output as _lmforge_v1_FinalizeDatasetVersionResponse__Output } from '../../lmforge/v1/FinalizeDatasetVersionResponse';
import type { FinalizeModelVersionRequest as _lmforge_v1_FinalizeModelVersionRequest, FinalizeModelVersionRequest__Output as _lmforge_v1_FinalizeModelVersionRequest__Output } from '../../lmforge/v1/FinalizeModelVersionRequest';
import type { FinalizeModelVersionResponse as _lmforge_v1_FinalizeModelVersionResponse, FinalizeModelVersionResponse__Output as _lmforge_v1_FinalizeModelVersionResponse__Output } from '../../lmforge/v1/FinalizeModelVersionResponse';
import type { GetDatasetRequest as _lmforge_v1_GetDatasetRequest, GetDatasetRequest__Output as _lmforge_v1_GetDatasetRequest__Output } from '../../lmforge/v1/GetDatasetRequest';
import type { GetDatasetResponse as _lmforge_v1_GetDatasetResponse, GetDatasetResponse__Output as _lmforge_v1_GetDatasetResponse__Output } from '../../lmforge/v1/GetDatasetResponse';
import type { GetDatasetVersionRequest as _lmforge_v1_GetDatasetVersionRequest, GetDatasetVersionRequest__Output as _lmforge_v1_GetDatasetVersionRequest__Output } from '../../lmforge/v1/GetDatasetVersionRequest';
import type { GetDatasetVersionResponse as _lmforge_v1_GetDatasetVersionResponse, GetDatasetVersionResponse__Output as _lmforge_v1_GetDatasetVersionResponse__Output } from '../../lmforge/v1/GetDatasetVersionResponse';
import type { GetDownloadUrlRequest as _lmforge_v1_GetDownloadUrlRequest, GetDownloadUrlRequest__Output as _lmforge_v1_GetDownloadUrlRequest__Output } from '../../lmforge/v1/GetDownloadUrlRequest';
import type { GetDownloadUrlResponse as _lmforge_v1_GetDownloadUrlResponse, GetDownloadUrlResponse__Output as _lmforge_v1_GetDownloadUrlResponse__Output } from '../../lmforge/v1/GetDownloadUrlResponse';
import type { GetModelRequest as _lmforge_v1_GetModelRequest, GetModelRequest__Output as _lmforge_v1_GetModelRequest__Output } from '../../lmforge/v1/GetModelRequest';
import type { GetModelResponse as _lmforge_v1_GetModelResponse, GetModelResponse__Output as _lmforge_v1_GetModelResponse__Output } from '../../lmforge/v1/GetModelResponse';
import type { GetModelVersionRequest as _lmforge_v1_GetModelVersionRequest, GetModelVersionRequest__Output as _lmforge_v1_GetModelVersionRequest__Output } from '../../lmforge/v1/GetModelVersionRequest';
import type { GetModelVersionResponse as _lmforge_v1_GetModelVersionResponse, GetModelVersionResponse__Output as _lmforge_v1_GetModelVersionResponse__Output } from '../../lmforge/v1/GetModelVersionResponse';
import type { GetUploadUrlRequest as _lmforge_v1_GetUploadUrlRequest, GetUploadUrlRequest__Output as _lmforge_v1_GetUploadUrlRequest__Output } from '../../lmforge/v1/GetUploadUrlRequest';
import type { GetUploadUrlResponse as _lmforge_v1_GetUploadUrlResponse, GetUploadUrlResponse__Output as _lmforge_v1_GetUploadUrlResponse__Output } from '../../lmforge/v1/GetUploadUrlResponse';
import type { ListDatasetVersionsRequest as _lmforge_v1_ListDatasetVersionsRequest, ListDatasetVersionsRequest__Output as _lmforge_v1_ListDatasetVersionsRequest__Output } from '../../lmforge/v1/ListDatasetVersionsRequest';
import type { ListDatasetVersionsResponse as _lmforge_v1_ListDatasetVersionsResponse, ListDatasetVersionsResponse__Output as _lmforge_v1_ListDatasetVersionsResponse__Output } from '../../lmforge/v1/ListDatasetVersionsResponse';
import type { ListDatasetsRequest as _lmforge_v1_ListDatasetsRequest, ListDatasetsRequest__Output as _lmforge_v1_ListDatasetsRequest__Output } from '../../lmforge/v1/ListDatasetsRequest';
import type { ListDatasetsResponse as _lmforge_v1_ListDatasetsResponse, ListDatasetsResponse__Output as _lmforge_v1_ListDatasetsResponse__Output } from '../../lmforge/v1/ListDatasetsResponse';
import type { ListModelVersionsRequest as _lmforge_v1_ListModelVersionsRequest, ListModelVersionsRequest__Output as _lmforge_v1_ListModelVersionsRequest__Output } from '../../lmforge/v1/ListModelVersionsRequest';
import type { ListModelVersionsResponse as _lmforge_v1_ListModelVersionsResponse, ListModelVersionsResponse__Output as _lmforge_v1_ListModelVersionsResponse__Output } from '../../lmforge/v1/ListModelVersionsResponse';
import type { ListModelsRequest as _lmforge_v1_ListModelsRequest, ListModelsRequest__Output as _lmforge_v1_ListModelsRequest__Output } from '../../lmforge/v1/ListModelsRequest';
import type { ListModelsResponse as _lmforge_v1_ListModelsResponse, ListModelsResponse__Output as _lmforge_v1_ListModelsResponse__Output } from '../../lmforge/v1/ListModelsResponse';
import type { PromoteVersionRequest as _lmforge_v1_PromoteVersionRequest, PromoteVersionRequest__Output as _lmforge_v1_PromoteVersionRequest__Output } from '../../lmforge/v1/PromoteVersionRequest';
import type { PromoteVersionResponse as _lmforge_v1_PromoteVersionResponse, PromoteVersionResponse__Output as _lmforge_v1_PromoteVersionResponse__Output } from '../../lmforge/v1/PromoteVersionResponse';
import type { ReportDeploymentRequest as _lmforge_v1_ReportDeploymentRequest, ReportDeploymentRequest__Output as _lmforge_v1_ReportDeploymentRequest__Output } from '../../lmforge/v1/ReportDeploymentRequest';
import type { ReportDeploymentResponse as _lmforge_v1_ReportDeploymentResponse, ReportDeploymentResponse__Output as _lmforge_v1_ReportDeploymentResponse__Output } from '../../lmforge/v1/ReportDeploymentResponse';
import type { ResolveDatasetRequest as _lmforge_v1_ResolveDatasetRequest, ResolveDatasetRequest__Output as _lmforge_v1_ResolveDatasetRequest__Output } from '../../lmforge/v1/ResolveDatasetRequest';
import type { ResolveDatasetResponse as _lmforge_v1_ResolveDatasetResponse, ResolveDatasetResponse__Output as _lmforge_v1_ResolveDatasetResponse__Output } from '../../lmforge/v1/ResolveDatasetResponse';
import type { ResolveModelRequest as _lmforge_v1_ResolveModelRequest, ResolveModelRequest__Output as _lmforge_v1_ResolveModelRequest__Output } from '../../lmforge/v1/ResolveModelRequest';
import type { ResolveModelResponse as _lmforge_v1_ResolveModelResponse, ResolveModelResponse__Output as _lmforge_v1_ResolveModelResponse__Output } from '../../lmforge/v1/ResolveModelResponse';
import type { SetAliasRequest as _lmforge_v1_SetAliasRequest, SetAliasRequest__Output as _lmforge_v1_SetAliasRequest__Output } from '../../lmforge/v1/SetAliasRequest';
import type { SetAliasResponse as _lmforge_v1_SetAliasResponse, SetAliasResponse__Output as _lmforge_v1_SetAliasResponse__Output } from '../../lmforge/v1/SetAliasResponse';
import type { UpdateModelRequest as _lmforge_v1_UpdateModelRequest, UpdateModelRequest__Output as _lmforge_v1_UpdateModelRequest__Output } from '../../lmforge/v1/UpdateModelRequest';
import type { UpdateModelResponse as _lmforge_v1_UpdateModelResponse, UpdateModelResponse__Output as _lmforge_v1_UpdateModelResponse__Output } from '../../lmforge/v1/UpdateModelResponse';
import type { UploadFileRequest as _lmforge_v1_UploadFileRequest, UploadFileRequest__Output as _lmforge_v1_UploadFileRequest__Output } from '../../lmforge/v1/UploadFileRequest';
import type { UploadFileResponse as _lmforge_v1_UploadFileResponse, UploadFileResponse__Output as _lmforge_v1_UploadFileResponse__Output } from '../../lmforge/v1/UploadFileResponse';
import type { WatchEventsRequest as _lmforge_v1_WatchEventsRequest, WatchEventsRequest__Output as _lmforge_v1_WatchEventsRequest__Output } from '../../lmforge/v1/WatchEventsRequest';
import type { WatchEventsResponse as _lmforge_v1_WatchEventsResponse, WatchEventsResponse__Output as _lmforge_v1_WatchEventsResponse__Output } from '../../lmforge/v1/WatchEventsResponse';
/**
 * RegistryService owns models, their versions (full models and LoRA adapters),
 * datasets and aliases. Metadata lives in SQL; bytes live in the object store
 * under a fixed key scheme: models/<model>/versions/<n>/files/<path> and
 * datasets/<dataset>/versions/<n>/files/<path> (readers with store access may
 * read READY files there directly). A version becomes READY only once every
 * declared file is present in the store with the declared size and SHA-256.
 */
export interface RegistryServiceClient extends grpc.Client {
    /**
     * Marks a PENDING dataset version FAILED and removes its objects.
     */
    AbortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Marks a PENDING dataset version FAILED and removes its objects.
     */
    abortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    abortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    abortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    abortDatasetVersion(argument: _lmforge_v1_AbortDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_AbortDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Marks a PENDING version FAILED and removes its objects.
     */
    AbortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    AbortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Marks a PENDING version FAILED and removes its objects.
     */
    abortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    abortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    abortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    abortModelVersion(argument: _lmforge_v1_AbortModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_AbortModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a dataset. ALREADY_EXISTS if the name is taken.
     */
    CreateDataset(argument: _lmforge_v1_CreateDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    CreateDataset(argument: _lmforge_v1_CreateDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    CreateDataset(argument: _lmforge_v1_CreateDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    CreateDataset(argument: _lmforge_v1_CreateDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a dataset. ALREADY_EXISTS if the name is taken.
     */
    createDataset(argument: _lmforge_v1_CreateDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    createDataset(argument: _lmforge_v1_CreateDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    createDataset(argument: _lmforge_v1_CreateDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    createDataset(argument: _lmforge_v1_CreateDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a new PENDING dataset version.
     */
    CreateDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a new PENDING dataset version.
     */
    createDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    createDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    createDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    createDatasetVersion(argument: _lmforge_v1_CreateDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_CreateDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a model. ALREADY_EXISTS if the name is taken.
     */
    CreateModel(argument: _lmforge_v1_CreateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    CreateModel(argument: _lmforge_v1_CreateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    CreateModel(argument: _lmforge_v1_CreateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    CreateModel(argument: _lmforge_v1_CreateModelRequest, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a model. ALREADY_EXISTS if the name is taken.
     */
    createModel(argument: _lmforge_v1_CreateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    createModel(argument: _lmforge_v1_CreateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    createModel(argument: _lmforge_v1_CreateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    createModel(argument: _lmforge_v1_CreateModelRequest, callback: grpc.requestCallback<_lmforge_v1_CreateModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a new PENDING version with the next free number.
     */
    CreateModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    CreateModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a new PENDING version with the next free number.
     */
    createModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    createModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    createModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    createModelVersion(argument: _lmforge_v1_CreateModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_CreateModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Removes an alias, optionally with compare-and-swap.
     */
    DeleteAlias(argument: _lmforge_v1_DeleteAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    DeleteAlias(argument: _lmforge_v1_DeleteAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    DeleteAlias(argument: _lmforge_v1_DeleteAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    DeleteAlias(argument: _lmforge_v1_DeleteAliasRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Removes an alias, optionally with compare-and-swap.
     */
    deleteAlias(argument: _lmforge_v1_DeleteAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    deleteAlias(argument: _lmforge_v1_DeleteAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    deleteAlias(argument: _lmforge_v1_DeleteAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    deleteAlias(argument: _lmforge_v1_DeleteAliasRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteAliasResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a dataset (refused while versions exist unless force is set).
     */
    DeleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    DeleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    DeleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    DeleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a dataset (refused while versions exist unless force is set).
     */
    deleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    deleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    deleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    deleteDataset(argument: _lmforge_v1_DeleteDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a dataset version and its objects.
     */
    DeleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a dataset version and its objects.
     */
    deleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteDatasetVersion(argument: _lmforge_v1_DeleteDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a model. Refused with FAILED_PRECONDITION while versions exist,
     * unless force is set (then versions and their objects are removed too).
     */
    DeleteModel(argument: _lmforge_v1_DeleteModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    DeleteModel(argument: _lmforge_v1_DeleteModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    DeleteModel(argument: _lmforge_v1_DeleteModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    DeleteModel(argument: _lmforge_v1_DeleteModelRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a model. Refused with FAILED_PRECONDITION while versions exist,
     * unless force is set (then versions and their objects are removed too).
     */
    deleteModel(argument: _lmforge_v1_DeleteModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    deleteModel(argument: _lmforge_v1_DeleteModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    deleteModel(argument: _lmforge_v1_DeleteModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    deleteModel(argument: _lmforge_v1_DeleteModelRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a version and its objects. Refused while an alias points at it or
     * an adapter version names it as base, unless force is set.
     */
    DeleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    DeleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a version and its objects. Refused while an alias points at it or
     * an adapter version names it as base, unless force is set.
     */
    deleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    deleteModelVersion(argument: _lmforge_v1_DeleteModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_DeleteModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Downloads one file of a version (server streaming).
     */
    DownloadFile(argument: _lmforge_v1_DownloadFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_DownloadFileResponse__Output>;
    DownloadFile(argument: _lmforge_v1_DownloadFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_DownloadFileResponse__Output>;
    /**
     * Downloads one file of a version (server streaming).
     */
    downloadFile(argument: _lmforge_v1_DownloadFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_DownloadFileResponse__Output>;
    downloadFile(argument: _lmforge_v1_DownloadFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_DownloadFileResponse__Output>;
    /**
     * Checks the files, parses them to record row count and columns, marks READY.
     */
    FinalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Checks the files, parses them to record row count and columns, marks READY.
     */
    finalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeDatasetVersion(argument: _lmforge_v1_FinalizeDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_FinalizeDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Checks every declared file in the store and marks the version READY.
     */
    FinalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    FinalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Checks every declared file in the store and marks the version READY.
     */
    finalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    finalizeModelVersion(argument: _lmforge_v1_FinalizeModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_FinalizeModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one dataset.
     */
    GetDataset(argument: _lmforge_v1_GetDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    GetDataset(argument: _lmforge_v1_GetDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    GetDataset(argument: _lmforge_v1_GetDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    GetDataset(argument: _lmforge_v1_GetDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one dataset.
     */
    getDataset(argument: _lmforge_v1_GetDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    getDataset(argument: _lmforge_v1_GetDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    getDataset(argument: _lmforge_v1_GetDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    getDataset(argument: _lmforge_v1_GetDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_GetDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one dataset version.
     */
    GetDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    GetDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    GetDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    GetDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one dataset version.
     */
    getDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    getDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    getDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    getDatasetVersion(argument: _lmforge_v1_GetDatasetVersionRequest, callback: grpc.requestCallback<_lmforge_v1_GetDatasetVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns a presigned GET URL straight to the object store for one file.
     */
    GetDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns a presigned GET URL straight to the object store for one file.
     */
    getDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    getDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    getDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    getDownloadUrl(argument: _lmforge_v1_GetDownloadUrlRequest, callback: grpc.requestCallback<_lmforge_v1_GetDownloadUrlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one model. NOT_FOUND if it does not exist.
     */
    GetModel(argument: _lmforge_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    GetModel(argument: _lmforge_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    GetModel(argument: _lmforge_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    GetModel(argument: _lmforge_v1_GetModelRequest, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one model. NOT_FOUND if it does not exist.
     */
    getModel(argument: _lmforge_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    getModel(argument: _lmforge_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    getModel(argument: _lmforge_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    getModel(argument: _lmforge_v1_GetModelRequest, callback: grpc.requestCallback<_lmforge_v1_GetModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one version with its file manifest.
     */
    GetModelVersion(argument: _lmforge_v1_GetModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    GetModelVersion(argument: _lmforge_v1_GetModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    GetModelVersion(argument: _lmforge_v1_GetModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    GetModelVersion(argument: _lmforge_v1_GetModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one version with its file manifest.
     */
    getModelVersion(argument: _lmforge_v1_GetModelVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    getModelVersion(argument: _lmforge_v1_GetModelVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    getModelVersion(argument: _lmforge_v1_GetModelVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    getModelVersion(argument: _lmforge_v1_GetModelVersionRequest, callback: grpc.requestCallback<_lmforge_v1_GetModelVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns a presigned PUT URL straight to the object store for one file of a
     * PENDING version; the file is declared and checked at finalize. The URL
     * points at a staging key that finalize copies into place, so using it after
     * finalize cannot change a READY file.
     */
    GetUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    GetUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns a presigned PUT URL straight to the object store for one file of a
     * PENDING version; the file is declared and checked at finalize. The URL
     * points at a staging key that finalize copies into place, so using it after
     * finalize cannot change a READY file.
     */
    getUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    getUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    getUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    getUploadUrl(argument: _lmforge_v1_GetUploadUrlRequest, callback: grpc.requestCallback<_lmforge_v1_GetUploadUrlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists the versions of a dataset, paged.
     */
    ListDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists the versions of a dataset, paged.
     */
    listDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    listDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    listDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    listDatasetVersions(argument: _lmforge_v1_ListDatasetVersionsRequest, callback: grpc.requestCallback<_lmforge_v1_ListDatasetVersionsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists datasets, paged.
     */
    ListDatasets(argument: _lmforge_v1_ListDatasetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasets(argument: _lmforge_v1_ListDatasetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasets(argument: _lmforge_v1_ListDatasetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    ListDatasets(argument: _lmforge_v1_ListDatasetsRequest, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists datasets, paged.
     */
    listDatasets(argument: _lmforge_v1_ListDatasetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    listDatasets(argument: _lmforge_v1_ListDatasetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    listDatasets(argument: _lmforge_v1_ListDatasetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    listDatasets(argument: _lmforge_v1_ListDatasetsRequest, callback: grpc.requestCallback<_lmforge_v1_ListDatasetsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists the versions of a model, paged, optionally filtered by state.
     */
    ListModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    ListModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists the versions of a model, paged, optionally filtered by state.
     */
    listModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    listModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    listModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    listModelVersions(argument: _lmforge_v1_ListModelVersionsRequest, callback: grpc.requestCallback<_lmforge_v1_ListModelVersionsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists models, paged, optionally filtered by task and tag.
     */
    ListModels(argument: _lmforge_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    ListModels(argument: _lmforge_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    ListModels(argument: _lmforge_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    ListModels(argument: _lmforge_v1_ListModelsRequest, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists models, paged, optionally filtered by task and tag.
     */
    listModels(argument: _lmforge_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    listModels(argument: _lmforge_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    listModels(argument: _lmforge_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    listModels(argument: _lmforge_v1_ListModelsRequest, callback: grpc.requestCallback<_lmforge_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Gated promotion: points an alias at a version only if the version's
     * metric beats the metric of the version the alias points at (compare-and-
     * swap on expected_version). Either way the decision, with both figures, is
     * one PROMOTION_DECIDED event and promotion_* tags on the candidate, written
     * in the same transaction as the alias move.
     */
    PromoteVersion(argument: _lmforge_v1_PromoteVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    PromoteVersion(argument: _lmforge_v1_PromoteVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    PromoteVersion(argument: _lmforge_v1_PromoteVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    PromoteVersion(argument: _lmforge_v1_PromoteVersionRequest, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Gated promotion: points an alias at a version only if the version's
     * metric beats the metric of the version the alias points at (compare-and-
     * swap on expected_version). Either way the decision, with both figures, is
     * one PROMOTION_DECIDED event and promotion_* tags on the candidate, written
     * in the same transaction as the alias move.
     */
    promoteVersion(argument: _lmforge_v1_PromoteVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    promoteVersion(argument: _lmforge_v1_PromoteVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    promoteVersion(argument: _lmforge_v1_PromoteVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    promoteVersion(argument: _lmforge_v1_PromoteVersionRequest, callback: grpc.requestCallback<_lmforge_v1_PromoteVersionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * An inference server reports that a model following an alias now serves
     * the alias's new version (DEPLOYMENT_SWAPPED) or failed to (DEPLOYMENT_FAILED,
     * the old version keeps serving): one event, so a rollout is watched in
     * the same stream as the alias moves that caused it.
     */
    ReportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    ReportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    ReportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    ReportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    /**
     * An inference server reports that a model following an alias now serves
     * the alias's new version (DEPLOYMENT_SWAPPED) or failed to (DEPLOYMENT_FAILED,
     * the old version keeps serving): one event, so a rollout is watched in
     * the same stream as the alias moves that caused it.
     */
    reportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    reportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    reportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    reportDeployment(argument: _lmforge_v1_ReportDeploymentRequest, callback: grpc.requestCallback<_lmforge_v1_ReportDeploymentResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Resolves "name" or "name:3" to a READY dataset version.
     */
    ResolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    ResolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    ResolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    ResolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Resolves "name" or "name:3" to a READY dataset version.
     */
    resolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    resolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    resolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    resolveDataset(argument: _lmforge_v1_ResolveDatasetRequest, callback: grpc.requestCallback<_lmforge_v1_ResolveDatasetResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Resolves "name", "name:3" or "name@alias" to a READY version.
     */
    ResolveModel(argument: _lmforge_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    ResolveModel(argument: _lmforge_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    ResolveModel(argument: _lmforge_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    ResolveModel(argument: _lmforge_v1_ResolveModelRequest, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Resolves "name", "name:3" or "name@alias" to a READY version.
     */
    resolveModel(argument: _lmforge_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    resolveModel(argument: _lmforge_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    resolveModel(argument: _lmforge_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    resolveModel(argument: _lmforge_v1_ResolveModelRequest, callback: grpc.requestCallback<_lmforge_v1_ResolveModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Points an alias at a version, optionally with compare-and-swap.
     */
    SetAlias(argument: _lmforge_v1_SetAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    SetAlias(argument: _lmforge_v1_SetAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    SetAlias(argument: _lmforge_v1_SetAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    SetAlias(argument: _lmforge_v1_SetAliasRequest, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Points an alias at a version, optionally with compare-and-swap.
     */
    setAlias(argument: _lmforge_v1_SetAliasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    setAlias(argument: _lmforge_v1_SetAliasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    setAlias(argument: _lmforge_v1_SetAliasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    setAlias(argument: _lmforge_v1_SetAliasRequest, callback: grpc.requestCallback<_lmforge_v1_SetAliasResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Updates a model's description, tags or labels.
     */
    UpdateModel(argument: _lmforge_v1_UpdateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    UpdateModel(argument: _lmforge_v1_UpdateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    UpdateModel(argument: _lmforge_v1_UpdateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    UpdateModel(argument: _lmforge_v1_UpdateModelRequest, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Updates a model's description, tags or labels.
     */
    updateModel(argument: _lmforge_v1_UpdateModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    updateModel(argument: _lmforge_v1_UpdateModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    updateModel(argument: _lmforge_v1_UpdateModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    updateModel(argument: _lmforge_v1_UpdateModelRequest, callback: grpc.requestCallback<_lmforge_v1_UpdateModelResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Uploads one file of a PENDING version (client streaming): the first
     * message carries the header, the following ones the bytes.
     */
    UploadFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    UploadFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    UploadFile(options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    UploadFile(callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    /**
     * Uploads one file of a PENDING version (client streaming): the first
     * message carries the header, the following ones the bytes.
     */
    uploadFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    uploadFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    uploadFile(options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    uploadFile(callback: grpc.requestCallback<_lmforge_v1_UploadFileResponse__Output>): grpc.ClientWritableStream<_lmforge_v1_UploadFileRequest>;
    /**
     * Streams the registry's change events (server streaming), oldest first.
     * The first message says where the stream starts (WatchStarted); every
     * following one carries one event with its sequence number. Events are
     * stored in the metadata database, so a watcher that passes the last
     * sequence it saw as after_sequence misses nothing, across registry
     * restarts and replicas, as long as that event is still retained.
     */
    WatchEvents(argument: _lmforge_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchEventsResponse__Output>;
    WatchEvents(argument: _lmforge_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchEventsResponse__Output>;
    /**
     * Streams the registry's change events (server streaming), oldest first.
     * The first message says where the stream starts (WatchStarted); every
     * following one carries one event with its sequence number. Events are
     * stored in the metadata database, so a watcher that passes the last
     * sequence it saw as after_sequence misses nothing, across registry
     * restarts and replicas, as long as that event is still retained.
     */
    watchEvents(argument: _lmforge_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchEventsResponse__Output>;
    watchEvents(argument: _lmforge_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchEventsResponse__Output>;
}
/**
 * RegistryService owns models, their versions (full models and LoRA adapters),
 * datasets and aliases. Metadata lives in SQL; bytes live in the object store
 * under a fixed key scheme: models/<model>/versions/<n>/files/<path> and
 * datasets/<dataset>/versions/<n>/files/<path> (readers with store access may
 * read READY files there directly). A version becomes READY only once every
 * declared file is present in the store with the declared size and SHA-256.
 */
export interface RegistryServiceHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Marks a PENDING dataset version FAILED and removes its objects.
     */
    AbortDatasetVersion: grpc.handleUnaryCall<_lmforge_v1_AbortDatasetVersionRequest__Output, _lmforge_v1_AbortDatasetVersionResponse>;
    /**
     * Marks a PENDING version FAILED and removes its objects.
     */
    AbortModelVersion: grpc.handleUnaryCall<_lmforge_v1_AbortModelVersionRequest__Output, _lmforge_v1_AbortModelVersionResponse>;
    /**
     * Creates a dataset. ALREADY_EXISTS if the name is taken.
     */
    CreateDataset: grpc.handleUnaryCall<_lmforge_v1_CreateDatasetRequest__Output, _lmforge_v1_CreateDatasetResponse>;
    /**
     * Creates a new PENDING dataset version.
     */
    CreateDatasetVersion: grpc.handleUnaryCall<_lmforge_v1_CreateDatasetVersionRequest__Output, _lmforge_v1_CreateDatasetVersionResponse>;
    /**
     * Creates a model. ALREADY_EXISTS if the name is taken.
     */
    CreateModel: grpc.handleUnaryCall<_lmforge_v1_CreateModelRequest__Output, _lmforge_v1_CreateModelResponse>;
    /**
     * Creates a new PENDING version with the next free number.
     */
    CreateModelVersion: grpc.handleUnaryCall<_lmforge_v1_CreateModelVersionRequest__Output, _lmforge_v1_CreateModelVersionResponse>;
    /**
     * Removes an alias, optionally with compare-and-swap.
     */
    DeleteAlias: grpc.handleUnaryCall<_lmforge_v1_DeleteAliasRequest__Output, _lmforge_v1_DeleteAliasResponse>;
    /**
     * Deletes a dataset (refused while versions exist unless force is set).
     */
    DeleteDataset: grpc.handleUnaryCall<_lmforge_v1_DeleteDatasetRequest__Output, _lmforge_v1_DeleteDatasetResponse>;
    /**
     * Deletes a dataset version and its objects.
     */
    DeleteDatasetVersion: grpc.handleUnaryCall<_lmforge_v1_DeleteDatasetVersionRequest__Output, _lmforge_v1_DeleteDatasetVersionResponse>;
    /**
     * Deletes a model. Refused with FAILED_PRECONDITION while versions exist,
     * unless force is set (then versions and their objects are removed too).
     */
    DeleteModel: grpc.handleUnaryCall<_lmforge_v1_DeleteModelRequest__Output, _lmforge_v1_DeleteModelResponse>;
    /**
     * Deletes a version and its objects. Refused while an alias points at it or
     * an adapter version names it as base, unless force is set.
     */
    DeleteModelVersion: grpc.handleUnaryCall<_lmforge_v1_DeleteModelVersionRequest__Output, _lmforge_v1_DeleteModelVersionResponse>;
    /**
     * Downloads one file of a version (server streaming).
     */
    DownloadFile: grpc.handleServerStreamingCall<_lmforge_v1_DownloadFileRequest__Output, _lmforge_v1_DownloadFileResponse>;
    /**
     * Checks the files, parses them to record row count and columns, marks READY.
     */
    FinalizeDatasetVersion: grpc.handleUnaryCall<_lmforge_v1_FinalizeDatasetVersionRequest__Output, _lmforge_v1_FinalizeDatasetVersionResponse>;
    /**
     * Checks every declared file in the store and marks the version READY.
     */
    FinalizeModelVersion: grpc.handleUnaryCall<_lmforge_v1_FinalizeModelVersionRequest__Output, _lmforge_v1_FinalizeModelVersionResponse>;
    /**
     * Returns one dataset.
     */
    GetDataset: grpc.handleUnaryCall<_lmforge_v1_GetDatasetRequest__Output, _lmforge_v1_GetDatasetResponse>;
    /**
     * Returns one dataset version.
     */
    GetDatasetVersion: grpc.handleUnaryCall<_lmforge_v1_GetDatasetVersionRequest__Output, _lmforge_v1_GetDatasetVersionResponse>;
    /**
     * Returns a presigned GET URL straight to the object store for one file.
     */
    GetDownloadUrl: grpc.handleUnaryCall<_lmforge_v1_GetDownloadUrlRequest__Output, _lmforge_v1_GetDownloadUrlResponse>;
    /**
     * Returns one model. NOT_FOUND if it does not exist.
     */
    GetModel: grpc.handleUnaryCall<_lmforge_v1_GetModelRequest__Output, _lmforge_v1_GetModelResponse>;
    /**
     * Returns one version with its file manifest.
     */
    GetModelVersion: grpc.handleUnaryCall<_lmforge_v1_GetModelVersionRequest__Output, _lmforge_v1_GetModelVersionResponse>;
    /**
     * Returns a presigned PUT URL straight to the object store for one file of a
     * PENDING version; the file is declared and checked at finalize. The URL
     * points at a staging key that finalize copies into place, so using it after
     * finalize cannot change a READY file.
     */
    GetUploadUrl: grpc.handleUnaryCall<_lmforge_v1_GetUploadUrlRequest__Output, _lmforge_v1_GetUploadUrlResponse>;
    /**
     * Lists the versions of a dataset, paged.
     */
    ListDatasetVersions: grpc.handleUnaryCall<_lmforge_v1_ListDatasetVersionsRequest__Output, _lmforge_v1_ListDatasetVersionsResponse>;
    /**
     * Lists datasets, paged.
     */
    ListDatasets: grpc.handleUnaryCall<_lmforge_v1_ListDatasetsRequest__Output, _lmforge_v1_ListDatasetsResponse>;
    /**
     * Lists the versions of a model, paged, optionally filtered by state.
     */
    ListModelVersions: grpc.handleUnaryCall<_lmforge_v1_ListModelVersionsRequest__Output, _lmforge_v1_ListModelVersionsResponse>;
    /**
     * Lists models, paged, optionally filtered by task and tag.
     */
    ListModels: grpc.handleUnaryCall<_lmforge_v1_ListModelsRequest__Output, _lmforge_v1_ListModelsResponse>;
    /**
     * Gated promotion: points an alias at a version only if the version's
     * metric beats the metric of the version the alias points at (compare-and-
     * swap on expected_version). Either way the decision, with both figures, is
     * one PROMOTION_DECIDED event and promotion_* tags on the candidate, written
     * in the same transaction as the alias move.
     */
    PromoteVersion: grpc.handleUnaryCall<_lmforge_v1_PromoteVersionRequest__Output, _lmforge_v1_PromoteVersionResponse>;
    /**
     * An inference server reports that a model following an alias now serves
     * the alias's new version (DEPLOYMENT_SWAPPED) or failed to (DEPLOYMENT_FAILED,
     * the old version keeps serving): one event, so a rollout is watched in
     * the same stream as the alias moves that caused it.
     */
    ReportDeployment: grpc.handleUnaryCall<_lmforge_v1_ReportDeploymentRequest__Output, _lmforge_v1_ReportDeploymentResponse>;
    /**
     * Resolves "name" or "name:3" to a READY dataset version.
     */
    ResolveDataset: grpc.handleUnaryCall<_lmforge_v1_ResolveDatasetRequest__Output, _lmforge_v1_ResolveDatasetResponse>;
    /**
     * Resolves "name", "name:3" or "name@alias" to a READY version.
     */
    ResolveModel: grpc.handleUnaryCall<_lmforge_v1_ResolveModelRequest__Output, _lmforge_v1_ResolveModelResponse>;
    /**
     * Points an alias at a version, optionally with compare-and-swap.
     */
    SetAlias: grpc.handleUnaryCall<_lmforge_v1_SetAliasRequest__Output, _lmforge_v1_SetAliasResponse>;
    /**
     * Updates a model's description, tags or labels.
     */
    UpdateModel: grpc.handleUnaryCall<_lmforge_v1_UpdateModelRequest__Output, _lmforge_v1_UpdateModelResponse>;
    /**
     * Uploads one file of a PENDING version (client streaming): the first
     * message carries the header, the following ones the bytes.
     */
    UploadFile: grpc.handleClientStreamingCall<_lmforge_v1_UploadFileRequest__Output, _lmforge_v1_UploadFileResponse>;
    /**
     * Streams the registry's change events (server streaming), oldest first.
     * The first message says where the stream starts (WatchStarted); every
     * following one carries one event with its sequence number. Events are
     * stored in the metadata database, so a watcher that passes the last
     * sequence it saw as after_sequence misses nothing, across registry
     * restarts and replicas, as long as that event is still retained.
     */
    WatchEvents: grpc.handleServerStreamingCall<_lmforge_v1_WatchEventsRequest__Output, _lmforge_v1_WatchEventsResponse>;
}
export interface RegistryServiceDefinition extends grpc.ServiceDefinition {
    AbortDatasetVersion: MethodDefinition<_lmforge_v1_AbortDatasetVersionRequest, _lmforge_v1_AbortDatasetVersionResponse, _lmforge_v1_AbortDatasetVersionRequest__Output, _lmforge_v1_AbortDatasetVersionResponse__Output>;
    AbortModelVersion: MethodDefinition<_lmforge_v1_AbortModelVersionRequest, _lmforge_v1_AbortModelVersionResponse, _lmforge_v1_AbortModelVersionRequest__Output, _lmforge_v1_AbortModelVersionResponse__Output>;
    CreateDataset: MethodDefinition<_lmforge_v1_CreateDatasetRequest, _lmforge_v1_CreateDatasetResponse, _lmforge_v1_CreateDatasetRequest__Output, _lmforge_v1_CreateDatasetResponse__Output>;
    CreateDatasetVersion: MethodDefinition<_lmforge_v1_CreateDatasetVersionRequest, _lmforge_v1_CreateDatasetVersionResponse, _lmforge_v1_CreateDatasetVersionRequest__Output, _lmforge_v1_CreateDatasetVersionResponse__Output>;
    CreateModel: MethodDefinition<_lmforge_v1_CreateModelRequest, _lmforge_v1_CreateModelResponse, _lmforge_v1_CreateModelRequest__Output, _lmforge_v1_CreateModelResponse__Output>;
    CreateModelVersion: MethodDefinition<_lmforge_v1_CreateModelVersionRequest, _lmforge_v1_CreateModelVersionResponse, _lmforge_v1_CreateModelVersionRequest__Output, _lmforge_v1_CreateModelVersionResponse__Output>;
    DeleteAlias: MethodDefinition<_lmforge_v1_DeleteAliasRequest, _lmforge_v1_DeleteAliasResponse, _lmforge_v1_DeleteAliasRequest__Output, _lmforge_v1_DeleteAliasResponse__Output>;
    DeleteDataset: MethodDefinition<_lmforge_v1_DeleteDatasetRequest, _lmforge_v1_DeleteDatasetResponse, _lmforge_v1_DeleteDatasetRequest__Output, _lmforge_v1_DeleteDatasetResponse__Output>;
    DeleteDatasetVersion: MethodDefinition<_lmforge_v1_DeleteDatasetVersionRequest, _lmforge_v1_DeleteDatasetVersionResponse, _lmforge_v1_DeleteDatasetVersionRequest__Output, _lmforge_v1_DeleteDatasetVersionResponse__Output>;
    DeleteModel: MethodDefinition<_lmforge_v1_DeleteModelRequest, _lmforge_v1_DeleteModelResponse, _lmforge_v1_DeleteModelRequest__Output, _lmforge_v1_DeleteModelResponse__Output>;
    DeleteModelVersion: MethodDefinition<_lmforge_v1_DeleteModelVersionRequest, _lmforge_v1_DeleteModelVersionResponse, _lmforge_v1_DeleteModelVersionRequest__Output, _lmforge_v1_DeleteModelVersionResponse__Output>;
    DownloadFile: MethodDefinition<_lmforge_v1_DownloadFileRequest, _lmforge_v1_DownloadFileResponse, _lmforge_v1_DownloadFileRequest__Output, _lmforge_v1_DownloadFileResponse__Output>;
    FinalizeDatasetVersion: MethodDefinition<_lmforge_v1_FinalizeDatasetVersionRequest, _lmforge_v1_FinalizeDatasetVersionResponse, _lmforge_v1_FinalizeDatasetVersionRequest__Output, _lmforge_v1_FinalizeDatasetVersionResponse__Output>;
    FinalizeModelVersion: MethodDefinition<_lmforge_v1_FinalizeModelVersionRequest, _lmforge_v1_FinalizeModelVersionResponse, _lmforge_v1_FinalizeModelVersionRequest__Output, _lmforge_v1_FinalizeModelVersionResponse__Output>;
    GetDataset: MethodDefinition<_lmforge_v1_GetDatasetRequest, _lmforge_v1_GetDatasetResponse, _lmforge_v1_GetDatasetRequest__Output, _lmforge_v1_GetDatasetResponse__Output>;
    GetDatasetVersion: MethodDefinition<_lmforge_v1_GetDatasetVersionRequest, _lmforge_v1_GetDatasetVersionResponse, _lmforge_v1_GetDatasetVersionRequest__Output, _lmforge_v1_GetDatasetVersionResponse__Output>;
    GetDownloadUrl: MethodDefinition<_lmforge_v1_GetDownloadUrlRequest, _lmforge_v1_GetDownloadUrlResponse, _lmforge_v1_GetDownloadUrlRequest__Output, _lmforge_v1_GetDownloadUrlResponse__Output>;
    GetModel: MethodDefinition<_lmforge_v1_GetModelRequest, _lmforge_v1_GetModelResponse, _lmforge_v1_GetModelRequest__Output, _lmforge_v1_GetModelResponse__Output>;
    GetModelVersion: MethodDefinition<_lmforge_v1_GetModelVersionRequest, _lmforge_v1_GetModelVersionResponse, _lmforge_v1_GetModelVersionRequest__Output, _lmforge_v1_GetModelVersionResponse__Output>;
    GetUploadUrl: MethodDefinition<_lmforge_v1_GetUploadUrlRequest, _lmforge_v1_GetUploadUrlResponse, _lmforge_v1_GetUploadUrlRequest__Output, _lmforge_v1_GetUploadUrlResponse__Output>;
    ListDatasetVersions: MethodDefinition<_lmforge_v1_ListDatasetVersionsRequest, _lmforge_v1_ListDatasetVersionsResponse, _lmforge_v1_ListDatasetVersionsRequest__Output, _lmforge_v1_ListDatasetVersionsResponse__Output>;
    ListDatasets: MethodDefinition<_lmforge_v1_ListDatasetsRequest, _lmforge_v1_ListDatasetsResponse, _lmforge_v1_ListDatasetsRequest__Output, _lmforge_v1_ListDatasetsResponse__Output>;
    ListModelVersions: MethodDefinition<_lmforge_v1_ListModelVersionsRequest, _lmforge_v1_ListModelVersionsResponse, _lmforge_v1_ListModelVersionsRequest__Output, _lmforge_v1_ListModelVersionsResponse__Output>;
    ListModels: MethodDefinition<_lmforge_v1_ListModelsRequest, _lmforge_v1_ListModelsResponse, _lmforge_v1_ListModelsRequest__Output, _lmforge_v1_ListModelsResponse__Output>;
    PromoteVersion: MethodDefinition<_lmforge_v1_PromoteVersionRequest, _lmforge_v1_PromoteVersionResponse, _lmforge_v1_PromoteVersionRequest__Output, _lmforge_v1_PromoteVersionResponse__Output>;
    ReportDeployment: MethodDefinition<_lmforge_v1_ReportDeploymentRequest, _lmforge_v1_ReportDeploymentResponse, _lmforge_v1_ReportDeploymentRequest__Output, _lmforge_v1_ReportDeploymentResponse__Output>;
    ResolveDataset: MethodDefinition<_lmforge_v1_ResolveDatasetRequest, _lmforge_v1_ResolveDatasetResponse, _lmforge_v1_ResolveDatasetRequest__Output, _lmforge_v1_ResolveDatasetResponse__Output>;
    ResolveModel: MethodDefinition<_lmforge_v1_ResolveModelRequest, _lmforge_v1_ResolveModelResponse, _lmforge_v1_ResolveModelRequest__Output, _lmforge_v1_ResolveModelResponse__Output>;
    SetAlias: MethodDefinition<_lmforge_v1_SetAliasRequest, _lmforge_v1_SetAliasResponse, _lmforge_v1_SetAliasRequest__Output, _lmforge_v1_SetAliasResponse__Output>;
    UpdateModel: MethodDefinition<_lmforge_v1_UpdateModelRequest, _lmforge_v1_UpdateModelResponse, _lmforge_v1_UpdateModelRequest__Output, _lmforge_v1_UpdateModelResponse__Output>;
    UploadFile: MethodDefinition<_lmforge_v1_UploadFileRequest, _lmforge_v1_UploadFileResponse, _lmforge_v1_UploadFileRequest__Output, _lmforge_v1_UploadFileResponse__Output>;
    WatchEvents: MethodDefinition<_lmforge_v1_WatchEventsRequest, _lmforge_v1_WatchEventsResponse, _lmforge_v1_WatchEventsRequest__Output, _lmforge_v1_WatchEventsResponse__Output>;
}
