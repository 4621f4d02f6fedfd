import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CancelJobRequest as _lmforge_v1_CancelJobRequest, CancelJobRequest__Output as _lmforge_v1_CancelJobRequest__Output } from './lmforge/v1/CancelJobRequest';
import type { CancelJobResponse as _lmforge_v1_CancelJobResponse, CancelJobResponse__Output as _lmforge_v1_CancelJobResponse__Output } from './lmforge/v1/CancelJobResponse';
import type { CheckpointSaved as _lmforge_v1_CheckpointSaved, CheckpointSaved__Output as _lmforge_v1_CheckpointSaved__Output } from './lmforge/v1/CheckpointSaved';
import type { ColumnMapping as _lmforge_v1_ColumnMapping, ColumnMapping__Output as _lmforge_v1_ColumnMapping__Output } from './lmforge/v1/ColumnMapping';
import type { DatasetVersionKey as _lmforge_v1_DatasetVersionKey, DatasetVersionKey__Output as _lmforge_v1_DatasetVersionKey__Output } from './lmforge/v1/DatasetVersionKey';
import type { DeepSpeedConfig as _lmforge_v1_DeepSpeedConfig, DeepSpeedConfig__Output as _lmforge_v1_DeepSpeedConfig__Output } from './lmforge/v1/DeepSpeedConfig';
import type { EvalMetrics as _lmforge_v1_EvalMetrics, EvalMetrics__Output as _lmforge_v1_EvalMetrics__Output } from './lmforge/v1/EvalMetrics';
import type { FileEntry as _lmforge_v1_FileEntry, FileEntry__Output as _lmforge_v1_FileEntry__Output } from './lmforge/v1/FileEntry';
import type { GetJobRequest as _lmforge_v1_GetJobRequest, GetJobRequest__Output as _lmforge_v1_GetJobRequest__Output } from './lmforge/v1/GetJobRequest';
import type { GetJobResponse as _lmforge_v1_GetJobResponse, GetJobResponse__Output as _lmforge_v1_GetJobResponse__Output } from './lmforge/v1/GetJobResponse';
import type { Hyperparameters as _lmforge_v1_Hyperparameters, Hyperparameters__Output as _lmforge_v1_Hyperparameters__Output } from './lmforge/v1/Hyperparameters';
import type { ItemError as _lmforge_v1_ItemError, ItemError__Output as _lmforge_v1_ItemError__Output } from './lmforge/v1/ItemError';
import type { Job as _lmforge_v1_Job, Job__Output as _lmforge_v1_Job__Output } from './lmforge/v1/Job';
import type { JobEvent as _lmforge_v1_JobEvent, JobEvent__Output as _lmforge_v1_JobEvent__Output } from './lmforge/v1/JobEvent';
import type { JobResult as _lmforge_v1_JobResult, JobResult__Output as _lmforge_v1_JobResult__Output } from './lmforge/v1/JobResult';
import type { JobSpec as _lmforge_v1_JobSpec, JobSpec__Output as _lmforge_v1_JobSpec__Output } from './lmforge/v1/JobSpec';
import type { ListJobsRequest as _lmforge_v1_ListJobsRequest, ListJobsRequest__Output as _lmforge_v1_ListJobsRequest__Output } from './lmforge/v1/ListJobsRequest';
import type { ListJobsResponse as _lmforge_v1_ListJobsResponse, ListJobsResponse__Output as _lmforge_v1_ListJobsResponse__Output } from './lmforge/v1/ListJobsResponse';
import type { LogLine as _lmforge_v1_LogLine, LogLine__Output as _lmforge_v1_LogLine__Output } from './lmforge/v1/LogLine';
import type { LoraConfig as _lmforge_v1_LoraConfig, LoraConfig__Output as _lmforge_v1_LoraConfig__Output } from './lmforge/v1/LoraConfig';
import type { ModelVersionKey as _lmforge_v1_ModelVersionKey, ModelVersionKey__Output as _lmforge_v1_ModelVersionKey__Output } from './lmforge/v1/ModelVersionKey';
import type { OutputConfig as _lmforge_v1_OutputConfig, OutputConfig__Output as _lmforge_v1_OutputConfig__Output } from './lmforge/v1/OutputConfig';
import type { Promotion as _lmforge_v1_Promotion, Promotion__Output as _lmforge_v1_Promotion__Output } from './lmforge/v1/Promotion';
import type { PromotionOutcome as _lmforge_v1_PromotionOutcome, PromotionOutcome__Output as _lmforge_v1_PromotionOutcome__Output } from './lmforge/v1/PromotionOutcome';
import type { ResumeJobRequest as _lmforge_v1_ResumeJobRequest, ResumeJobRequest__Output as _lmforge_v1_ResumeJobRequest__Output } from './lmforge/v1/ResumeJobRequest';
import type { ResumeJobResponse as _lmforge_v1_ResumeJobResponse, ResumeJobResponse__Output as _lmforge_v1_ResumeJobResponse__Output } from './lmforge/v1/ResumeJobResponse';
import type { ScalingConfig as _lmforge_v1_ScalingConfig, ScalingConfig__Output as _lmforge_v1_ScalingConfig__Output } from './lmforge/v1/ScalingConfig';
import type { StateChange as _lmforge_v1_StateChange, StateChange__Output as _lmforge_v1_StateChange__Output } from './lmforge/v1/StateChange';
import type { StepMetrics as _lmforge_v1_StepMetrics, StepMetrics__Output as _lmforge_v1_StepMetrics__Output } from './lmforge/v1/StepMetrics';
import type { SubmitJobRequest as _lmforge_v1_SubmitJobRequest, SubmitJobRequest__Output as _lmforge_v1_SubmitJobRequest__Output } from './lmforge/v1/SubmitJobRequest';
import type { SubmitJobResponse as _lmforge_v1_SubmitJobResponse, SubmitJobResponse__Output as _lmforge_v1_SubmitJobResponse__Output } from './lmforge/v1/SubmitJobResponse';
import type { TrainingServiceClient as _lmforge_v1_TrainingServiceClient, TrainingServiceDefinition as _lmforge_v1_TrainingServiceDefinition } from './lmforge/v1/TrainingService';
import type { Usage as _lmforge_v1_Usage, Usage__Output as _lmforge_v1_Usage__Output } from './lmforge/v1/Usage';
import type { WatchJobRequest as _lmforge_v1_WatchJobRequest, WatchJobRequest__Output as _lmforge_v1_WatchJobRequest__Output } from './lmforge/v1/WatchJobRequest';
import type { WatchJobResponse as _lmforge_v1_WatchJobResponse, WatchJobResponse__Output as _lmforge_v1_WatchJobResponse__Output } from './lmforge/v1/WatchJobResponse';
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
    new (...args: ConstructorParameters<Constructor>): Subtype;
};
export interface ProtoGrpcType {
    google: {
        protobuf: {
            Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>;
        };
    };
    lmforge: {
        v1: {
            AdapterOutput: EnumTypeDefinition;
            CancelJobRequest: MessageTypeDefinition<_lmforge_v1_CancelJobRequest, _lmforge_v1_CancelJobRequest__Output>;
            CancelJobResponse: MessageTypeDefinition<_lmforge_v1_CancelJobResponse, _lmforge_v1_CancelJobResponse__Output>;
            CheckpointSaved: MessageTypeDefinition<_lmforge_v1_CheckpointSaved, _lmforge_v1_CheckpointSaved__Output>;
            ColumnMapping: MessageTypeDefinition<_lmforge_v1_ColumnMapping, _lmforge_v1_ColumnMapping__Output>;
            DatasetVersionKey: MessageTypeDefinition<_lmforge_v1_DatasetVersionKey, _lmforge_v1_DatasetVersionKey__Output>;
            DeepSpeedConfig: MessageTypeDefinition<_lmforge_v1_DeepSpeedConfig, _lmforge_v1_DeepSpeedConfig__Output>;
            EvalMetrics: MessageTypeDefinition<_lmforge_v1_EvalMetrics, _lmforge_v1_EvalMetrics__Output>;
            FileEntry: MessageTypeDefinition<_lmforge_v1_FileEntry, _lmforge_v1_FileEntry__Output>;
            GetJobRequest: MessageTypeDefinition<_lmforge_v1_GetJobRequest, _lmforge_v1_GetJobRequest__Output>;
            GetJobResponse: MessageTypeDefinition<_lmforge_v1_GetJobResponse, _lmforge_v1_GetJobResponse__Output>;
            Hyperparameters: MessageTypeDefinition<_lmforge_v1_Hyperparameters, _lmforge_v1_Hyperparameters__Output>;
            ItemError: MessageTypeDefinition<_lmforge_v1_ItemError, _lmforge_v1_ItemError__Output>;
            Job: MessageTypeDefinition<_lmforge_v1_Job, _lmforge_v1_Job__Output>;
            JobEvent: MessageTypeDefinition<_lmforge_v1_JobEvent, _lmforge_v1_JobEvent__Output>;
            JobResult: MessageTypeDefinition<_lmforge_v1_JobResult, _lmforge_v1_JobResult__Output>;
            JobSpec: MessageTypeDefinition<_lmforge_v1_JobSpec, _lmforge_v1_JobSpec__Output>;
            JobState: EnumTypeDefinition;
            ListJobsRequest: MessageTypeDefinition<_lmforge_v1_ListJobsRequest, _lmforge_v1_ListJobsRequest__Output>;
            ListJobsResponse: MessageTypeDefinition<_lmforge_v1_ListJobsResponse, _lmforge_v1_ListJobsResponse__Output>;
            LogLine: MessageTypeDefinition<_lmforge_v1_LogLine, _lmforge_v1_LogLine__Output>;
            LoraConfig: MessageTypeDefinition<_lmforge_v1_LoraConfig, _lmforge_v1_LoraConfig__Output>;
            ModelVersionKey: MessageTypeDefinition<_lmforge_v1_ModelVersionKey, _lmforge_v1_ModelVersionKey__Output>;
            OutputConfig: MessageTypeDefinition<_lmforge_v1_OutputConfig, _lmforge_v1_OutputConfig__Output>;
            Promotion: MessageTypeDefinition<_lmforge_v1_Promotion, _lmforge_v1_Promotion__Output>;
            PromotionOutcome: MessageTypeDefinition<_lmforge_v1_PromotionOutcome, _lmforge_v1_PromotionOutcome__Output>;
            ResumeJobRequest: MessageTypeDefinition<_lmforge_v1_ResumeJobRequest, _lmforge_v1_ResumeJobRequest__Output>;
            ResumeJobResponse: MessageTypeDefinition<_lmforge_v1_ResumeJobResponse, _lmforge_v1_ResumeJobResponse__Output>;
            ScalingConfig: MessageTypeDefinition<_lmforge_v1_ScalingConfig, _lmforge_v1_ScalingConfig__Output>;
            StateChange: MessageTypeDefinition<_lmforge_v1_StateChange, _lmforge_v1_StateChange__Output>;
            StepMetrics: MessageTypeDefinition<_lmforge_v1_StepMetrics, _lmforge_v1_StepMetrics__Output>;
            SubmitJobRequest: MessageTypeDefinition<_lmforge_v1_SubmitJobRequest, _lmforge_v1_SubmitJobRequest__Output>;
            SubmitJobResponse: MessageTypeDefinition<_lmforge_v1_SubmitJobResponse, _lmforge_v1_SubmitJobResponse__Output>;
            TrainingMethod: EnumTypeDefinition;
            /**
             * TrainingService runs full and LoRA fine-tuning jobs on Ray (trl's SFTTrainer
             * for causal LMs, trl's DPOTrainer for preference tuning, the HF Trainer for
             * classifiers), data parallel, with an
             * optional DeepSpeed config, and registers the result in the registry.
             */
            TrainingService: SubtypeConstructor<typeof grpc.Client, _lmforge_v1_TrainingServiceClient> & {
                service: _lmforge_v1_TrainingServiceDefinition;
            };
            TrainingTask: EnumTypeDefinition;
            Usage: MessageTypeDefinition<_lmforge_v1_Usage, _lmforge_v1_Usage__Output>;
            WatchJobRequest: MessageTypeDefinition<_lmforge_v1_WatchJobRequest, _lmforge_v1_WatchJobRequest__Output>;
            WatchJobResponse: MessageTypeDefinition<_lmforge_v1_WatchJobResponse, _lmforge_v1_WatchJobResponse__Output>;
        };
    };
}
export {};
