import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { CancelJobRequest as _lmforge_v1_CancelJobRequest, CancelJobRequest__Output as _lmforge_v1_CancelJobRequest__Output } from '../../lmforge/v1/CancelJobRequest';
import type { CancelJobResponse as _lmforge_v1_CancelJobResponse, CancelJobResponse__Output as _lmforge_v1_CancelJobResponse__Output } from '../../lmforge/v1/CancelJobResponse';
import type { GetJobRequest as _lmforge_v1_GetJobRequest, GetJobRequest__Output as _lmforge_v1_GetJobRequest__Output } from '../../lmforge/v1/GetJobRequest';
import type { GetJobResponse as _lmforge_v1_GetJobResponse, GetJobResponse__Output as _lmforge_v1_GetJobResponse__Output } from '../../lmforge/v1/GetJobResponse';
import type { ListJobsRequest as _lmforge_v1_ListJobsRequest, ListJobsRequest__Output as _lmforge_v1_ListJobsRequest__Output } from '../../lmforge/v1/ListJobsRequest';
import type { ListJobsResponse as _lmforge_v1_ListJobsResponse, ListJobsResponse__Output as _lmforge_v1_ListJobsResponse__Output } from '../../lmforge/v1/ListJobsResponse';
import type { ResumeJobRequest as _lmforge_v1_ResumeJobRequest, ResumeJobRequest__Output as _lmforge_v1_ResumeJobRequest__Output } from '../../lmforge/v1/ResumeJobRequest';
import type { ResumeJobResponse as _lmforge_v1_ResumeJobResponse, ResumeJobResponse__Output as _lmforge_v1_ResumeJobResponse__Output } from '../../lmforge/v1/ResumeJobResponse';
import type { SubmitJobRequest as _lmforge_v1_SubmitJobRequest, SubmitJobRequest__Output as _lmforge_v1_SubmitJobRequest__Output } from '../../lmforge/v1/SubmitJobRequest';
import type { SubmitJobResponse as _lmforge_v1_SubmitJobResponse, SubmitJobResponse__Output as _lmforge_v1_SubmitJobResponse__Output } from '../../lmforge/v1/SubmitJobResponse';
import type { WatchJobRequest as _lmforge_v1_WatchJobRequest, WatchJobRequest__Output as _lmforge_v1_WatchJobRequest__Output } from '../../lmforge/v1/WatchJobRequest';
import type { WatchJobResponse as _lmforge_v1_WatchJobResponse, WatchJobResponse__Output as _lmforge_v1_WatchJobResponse__Output } from '../../lmforge/v1/WatchJobResponse';
/**
 * TrainingService runs full and LoRA fine-tuning jobs on Ray (trl's SFTTrainer
 * for causal LMs, trl's DPOTrainer for preference tuning, the HF Trainer for
 * classifiers), data parallel, with an
 * optional DeepSpeed config, and registers the result in the registry.
 */
export interface TrainingServiceClient extends grpc.Client {
    /**
     * Stops a queued or running job and frees its resources.
     */
    CancelJob(argument: _lmforge_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    CancelJob(argument: _lmforge_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    CancelJob(argument: _lmforge_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    CancelJob(argument: _lmforge_v1_CancelJobRequest, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Stops a queued or running job and frees its resources.
     */
    cancelJob(argument: _lmforge_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    cancelJob(argument: _lmforge_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    cancelJob(argument: _lmforge_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    cancelJob(argument: _lmforge_v1_CancelJobRequest, callback: grpc.requestCallback<_lmforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one job.
     */
    GetJob(argument: _lmforge_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    GetJob(argument: _lmforge_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    GetJob(argument: _lmforge_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    GetJob(argument: _lmforge_v1_GetJobRequest, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns one job.
     */
    getJob(argument: _lmforge_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    getJob(argument: _lmforge_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    getJob(argument: _lmforge_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    getJob(argument: _lmforge_v1_GetJobRequest, callback: grpc.requestCallback<_lmforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists jobs, newest first, paged, optionally filtered by state.
     */
    ListJobs(argument: _lmforge_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    ListJobs(argument: _lmforge_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    ListJobs(argument: _lmforge_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    ListJobs(argument: _lmforge_v1_ListJobsRequest, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Lists jobs, newest first, paged, optionally filtered by state.
     */
    listJobs(argument: _lmforge_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    listJobs(argument: _lmforge_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    listJobs(argument: _lmforge_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    listJobs(argument: _lmforge_v1_ListJobsRequest, callback: grpc.requestCallback<_lmforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Queues a FAILED or CANCELLED job again under the same id; it continues
     * from its last checkpoint in the object store (FAILED_PRECONDITION when it
     * has none, or is not FAILED or CANCELLED).
     */
    ResumeJob(argument: _lmforge_v1_ResumeJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    ResumeJob(argument: _lmforge_v1_ResumeJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    ResumeJob(argument: _lmforge_v1_ResumeJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    ResumeJob(argument: _lmforge_v1_ResumeJobRequest, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Queues a FAILED or CANCELLED job again under the same id; it continues
     * from its last checkpoint in the object store (FAILED_PRECONDITION when it
     * has none, or is not FAILED or CANCELLED).
     */
    resumeJob(argument: _lmforge_v1_ResumeJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    resumeJob(argument: _lmforge_v1_ResumeJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    resumeJob(argument: _lmforge_v1_ResumeJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    resumeJob(argument: _lmforge_v1_ResumeJobRequest, callback: grpc.requestCallback<_lmforge_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Validates a job spec and queues the job; returns at once.
     */
    SubmitJob(argument: _lmforge_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    SubmitJob(argument: _lmforge_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    SubmitJob(argument: _lmforge_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    SubmitJob(argument: _lmforge_v1_SubmitJobRequest, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Validates a job spec and queues the job; returns at once.
     */
    submitJob(argument: _lmforge_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    submitJob(argument: _lmforge_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    submitJob(argument: _lmforge_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    submitJob(argument: _lmforge_v1_SubmitJobRequest, callback: grpc.requestCallback<_lmforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Streams a job's events: its history first, then live events until the job
     * ends.
     */
    WatchJob(argument: _lmforge_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchJobResponse__Output>;
    WatchJob(argument: _lmforge_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchJobResponse__Output>;
    /**
     * Streams a job's events: its history first, then live events until the job
     * ends.
     */
    watchJob(argument: _lmforge_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchJobResponse__Output>;
    watchJob(argument: _lmforge_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lmforge_v1_WatchJobResponse__Output>;
}
/**
 * TrainingService runs full and LoRA fine-tuning jobs on Ray (trl's SFTTrainer
 * for causal LMs, trl's DPOTrainer for preference tuning, the HF Trainer for
 * classifiers), data parallel, with an
 * optional DeepSpeed config, and registers the result in the registry.
 */
export interface TrainingServiceHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Stops a queued or running job and frees its resources.
     */
    CancelJob: grpc.handleUnaryCall<_lmforge_v1_CancelJobRequest__Output, _lmforge_v1_CancelJobResponse>;
    /**
     * Returns one job.
     */
    GetJob: grpc.handleUnaryCall<_lmforge_v1_GetJobRequest__Output, _lmforge_v1_GetJobResponse>;
    /**
     * Lists jobs, newest first, paged, optionally filtered by state.
     */
    ListJobs: grpc.handleUnaryCall<_lmforge_v1_ListJobsRequest__Output, _lmforge_v1_ListJobsResponse>;
    /**
     * Queues a FAILED or CANCELLED job again under the same id; it continues
     * from its last checkpoint in the object store (FAILED_PRECONDITION when it
     * has none, or is not FAILED or CANCELLED).
     */
    ResumeJob: grpc.handleUnaryCall<_lmforge_v1_ResumeJobRequest__Output, _lmforge_v1_ResumeJobResponse>;
    /**
     * Validates a job spec and queues the job; returns at once.
     */
    SubmitJob: grpc.handleUnaryCall<_lmforge_v1_SubmitJobRequest__Output, _lmforge_v1_SubmitJobResponse>;
    /**
     * Streams a job's events: its history first, then live events until the job
     * ends.
     */
    WatchJob: grpc.handleServerStreamingCall<_lmforge_v1_WatchJobRequest__Output, _lmforge_v1_WatchJobResponse>;
}
export interface TrainingServiceDefinition extends grpc.ServiceDefinition {
    CancelJob: MethodDefinition<_lmforge_v1_CancelJobRequest, _lmforge_v1_CancelJobResponse, _lmforge_v1_CancelJobRequest__Output, _lmforge_v1_CancelJobResponse__Output>;
    GetJob: MethodDefinition<_lmforge_v1_GetJobRequest, _lmforge_v1_GetJobResponse, _lmforge_v1_GetJobRequest__Output, _lmforge_v1_GetJobResponse__Output>;
    ListJobs: MethodDefinition<_lmforge_v1_ListJobsRequest, _lmforge_v1_ListJobsResponse, _lmforge_v1_ListJobsRequest__Output, _lmforge_v1_ListJobsResponse__Output>;
    ResumeJob: MethodDefinition<_lmforge_v1_ResumeJobRequest, _lmforge_v1_ResumeJobResponse, _lmforge_v1_ResumeJobRequest__Output, _lmforge_v1_ResumeJobResponse__Output>;
    SubmitJob: MethodDefinition<_lmforge_v1_SubmitJobRequest, _lmforge_v1_SubmitJobResponse, _lmforge_v1_SubmitJobRequest__Output, _lmforge_v1_SubmitJobResponse__Output>;
    WatchJob: MethodDefinition<_lmforge_v1_WatchJobRequest, _lmforge_v1_WatchJobResponse, _lmforge_v1_WatchJobRequest__Output, _lmforge_v1_WatchJobResponse__Output>;
}
