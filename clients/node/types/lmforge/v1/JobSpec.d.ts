import type { TrainingTask as _lmforge_v1_TrainingTask, TrainingTask__Output as _lmforge_v1_TrainingTask__Output } from '../../lmforge/v1/TrainingTask';
import type { TrainingMethod as _lmforge_v1_TrainingMethod, TrainingMethod__Output as _lmforge_v1_TrainingMethod__Output } from '../../lmforge/v1/TrainingMethod';
import type { LoraConfig as _lmforge_v1_LoraConfig, LoraConfig__Output as _lmforge_v1_LoraConfig__Output } from '../../lmforge/v1/LoraConfig';
import type { ColumnMapping as _lmforge_v1_ColumnMapping, ColumnMapping__Output as _lmforge_v1_ColumnMapping__Output } from '../../lmforge/v1/ColumnMapping';
import type { Hyperparameters as _lmforge_v1_Hyperparameters, Hyperparameters__Output as _lmforge_v1_Hyperparameters__Output } from '../../lmforge/v1/Hyperparameters';
import type { ScalingConfig as _lmforge_v1_ScalingConfig, ScalingConfig__Output as _lmforge_v1_ScalingConfig__Output } from '../../lmforge/v1/ScalingConfig';
import type { DeepSpeedConfig as _lmforge_v1_DeepSpeedConfig, DeepSpeedConfig__Output as _lmforge_v1_DeepSpeedConfig__Output } from '../../lmforge/v1/DeepSpeedConfig';
import type { OutputConfig as _lmforge_v1_OutputConfig, OutputConfig__Output as _lmforge_v1_OutputConfig__Output } from '../../lmforge/v1/OutputConfig';
import type { Long } from '@grpc/proto-loader';
/**
 * Everything a job needs.
 */
export interface JobSpec {
    /**
     * Registry reference of the base model: "name", "name:3" or "name@alias".
     */
    'baseModel'?: (string);
    /**
     * What to train (inferred from the model's task when unset).
     */
    'task'?: (_lmforge_v1_TrainingTask);
    /**
     * Full or LoRA.
     */
    'method'?: (_lmforge_v1_TrainingMethod);
    /**
     * LoRA settings (method LORA).
     */
    'lora'?: (_lmforge_v1_LoraConfig | null);
    /**
     * Registry reference of the dataset: "name" or "name:3".
     */
    'dataset'?: (string);
    /**
     * Column mapping, checked against the dataset's columns at submit.
     */
    'columns'?: (_lmforge_v1_ColumnMapping | null);
    /**
     * Fraction of rows held out for evaluation, in [0, 0.5). Not with
     * validation_dataset.
     */
    'validationFraction'?: (number | string);
    /**
     * Optimisation settings.
     */
    'hyperparameters'?: (_lmforge_v1_Hyperparameters | null);
    /**
     * Ray resources.
     */
    'scaling'?: (_lmforge_v1_ScalingConfig | null);
    /**
     * Optional DeepSpeed configuration.
     */
    'deepspeed'?: (_lmforge_v1_DeepSpeedConfig | null);
    /**
     * Save a checkpoint every this many steps (0: only at the end).
     */
    'checkpointSteps'?: (number | string | Long);
    /**
     * Worker failures tolerated; Ray restarts from the last checkpoint.
     */
    'maxFailures'?: (number);
    /**
     * Where the result goes.
     */
    'output'?: (_lmforge_v1_OutputConfig | null);
    /**
     * Evaluate the validation split every this many optimizer steps (0: only
     * at checkpoints and at the end). Needs a validation split
     * (validation_fraction > 0 or validation_dataset). Every
     * evaluation is an EvalMetrics event. Metric names: eval_loss always;
     * eval_accuracy, eval_f1, eval_precision, eval_recall (macro averages over
     * the labels) for classifiers; eval_perplexity (exp of eval_loss) for
     * causal LM SFT; eval_rewards/margins and eval_rewards/accuracies for DPO.
     */
    'evalSteps'?: (number | string | Long);
    /**
     * Register the checkpoint with the best value of this metric instead of
     * the last one (HF Trainer's load_best_model_at_end). One of the eval
     * metric names above for the job's task ("eval_" may be left off). Needs
     * a validation split; checkpoints are then saved at every evaluation.
     */
    'metricForBestModel'?: (string);
    /**
     * Whether a larger metric_for_best_model is better (default: false for
     * eval_loss and eval_perplexity, true for the others).
     */
    'greaterIsBetter'?: (boolean);
    /**
     * (Numbers from 20 leave room for other additions to this message.)
     * Extra trainer settings passed through to trl's SFTConfig (causal LM
     * only), from an allowlist: dataset_text_field (the text column, same as
     * columns.text), packing and completion_only_loss ("true" or "false").
     * Any other key is INVALID_ARGUMENT naming training_kwargs.<key>.
     */
    'trainingKwargs'?: ({
        [key: string]: string;
    });
    /**
     * Give a causal LM whose tokenizer has no chat template the ChatML one
     * (trl's setup_chat_format: adds <|im_start|> and <|im_end|> and resizes
     * the embeddings). Full fine-tuning, or LoRA registered merged.
     */
    'setupChatFormat'?: (boolean);
    /**
     * Keep the newest this many step checkpoints in the job's storage, the HF
     * Trainer's save_total_limit (0: the newest two, or all with
     * register_checkpoints).
     */
    'saveTotalLimit'?: (number);
    /**
     * Register each stored checkpoint (the newest save_total_limit of them) as
     * its own version of the output model, tagged checkpoint_step=<step>, with
     * that step's train_loss and global_step, oldest first, before the final
     * version. Needs checkpoint_steps; not with DeepSpeed or a merged output.
     */
    'registerCheckpoints'?: (boolean);
    /**
     * Where the trainer also reports its logs, the HF TrainingArguments
     * report_to: "none" (the default, also when empty) or "tensorboard".
     * "tensorboard" writes TensorBoard event files (train loss, learning rate,
     * grad norm and eval metrics per logged step, from transformers'
     * TensorBoardCallback) into the output folder's tensorboard/, stored and
     * registered with the output. Any other value is INVALID_ARGUMENT naming
     * report_to.
     */
    'reportTo'?: (string)[];
    /**
     * Registry reference of a dataset evaluated instead of a held-out fraction
     * ("name" or "name:3"): every evaluation, and the eval metrics of the
     * registered version, are on its rows, which training never sees. Its
     * columns are read with the same mapping as the dataset's. Not with
     * validation_fraction.
     */
    'validationDataset'?: (string);
    '_greaterIsBetter'?: "greaterIsBetter";
}
/**
 * Everything a job needs.
 */
export interface JobSpec__Output {
    /**
     * Registry reference of the base model: "name", "name:3" or "name@alias".
     */
    'baseModel': (string);
    /**
     * What to train (inferred from the model's task when unset).
     */
    'task': (_lmforge_v1_TrainingTask__Output);
    /**
     * Full or LoRA.
     */
    'method': (_lmforge_v1_TrainingMethod__Output);
    /**
     * LoRA settings (method LORA).
     */
    'lora': (_lmforge_v1_LoraConfig__Output | null);
    /**
     * Registry reference of the dataset: "name" or "name:3".
     */
    'dataset': (string);
    /**
     * Column mapping, checked against the dataset's columns at submit.
     */
    'columns': (_lmforge_v1_ColumnMapping__Output | null);
    /**
     * Fraction of rows held out for evaluation, in [0, 0.5). Not with
     * validation_dataset.
     */
    'validationFraction': (number);
    /**
     * Optimisation settings.
     */
    'hyperparameters': (_lmforge_v1_Hyperparameters__Output | null);
    /**
     * Ray resources.
     */
    'scaling': (_lmforge_v1_ScalingConfig__Output | null);
    /**
     * Optional DeepSpeed configuration.
     */
    'deepspeed': (_lmforge_v1_DeepSpeedConfig__Output | null);
    /**
     * Save a checkpoint every this many steps (0: only at the end).
     */
    'checkpointSteps': (number);
    /**
     * Worker failures tolerated; Ray restarts from the last checkpoint.
     */
    'maxFailures': (number);
    /**
     * Where the result goes.
     */
    'output': (_lmforge_v1_OutputConfig__Output | null);
    /**
     * Evaluate the validation split every this many optimizer steps (0: only
     * at checkpoints and at the end). Needs a validation split
     * (validation_fraction > 0 or validation_dataset). Every
     * evaluation is an EvalMetrics event. Metric names: eval_loss always;
     * eval_accuracy, eval_f1, eval_precision, eval_recall (macro averages over
     * the labels) for classifiers; eval_perplexity (exp of eval_loss) for
     * causal LM SFT; eval_rewards/margins and eval_rewards/accuracies for DPO.
     */
    'evalSteps': (number);
    /**
     * Register the checkpoint with the best value of this metric instead of
     * the last one (HF Trainer's load_best_model_at_end). One of the eval
     * metric names above for the job's task ("eval_" may be left off). Needs
     * a validation split; checkpoints are then saved at every evaluation.
     */
    'metricForBestModel': (string);
    /**
     * Whether a larger metric_for_best_model is better (default: false for
     * eval_loss and eval_perplexity, true for the others).
     */
    'greaterIsBetter'?: (boolean);
    /**
     * (Numbers from 20 leave room for other additions to this message.)
     * Extra trainer settings passed through to trl's SFTConfig (causal LM
     * only), from an allowlist: dataset_text_field (the text column, same as
     * columns.text), packing and completion_only_loss ("true" or "false").
     * Any other key is INVALID_ARGUMENT naming training_kwargs.<key>.
     */
    'trainingKwargs': ({
        [key: string]: string;
    });
    /**
     * Give a causal LM whose tokenizer has no chat template the ChatML one
     * (trl's setup_chat_format: adds <|im_start|> and <|im_end|> and resizes
     * the embeddings). Full fine-tuning, or LoRA registered merged.
     */
    'setupChatFormat': (boolean);
    /**
     * Keep the newest this many step checkpoints in the job's storage, the HF
     * Trainer's save_total_limit (0: the newest two, or all with
     * register_checkpoints).
     */
    'saveTotalLimit': (number);
    /**
     * Register each stored checkpoint (the newest save_total_limit of them) as
     * its own version of the output model, tagged checkpoint_step=<step>, with
     * that step's train_loss and global_step, oldest first, before the final
     * version. Needs checkpoint_steps; not with DeepSpeed or a merged output.
     */
    'registerCheckpoints': (boolean);
    /**
     * Where the trainer also reports its logs, the HF TrainingArguments
     * report_to: "none" (the default, also when empty) or "tensorboard".
     * "tensorboard" writes TensorBoard event files (train loss, learning rate,
     * grad norm and eval metrics per logged step, from transformers'
     * TensorBoardCallback) into the output folder's tensorboard/, stored and
     * registered with the output. Any other value is INVALID_ARGUMENT naming
     * report_to.
     */
    'reportTo': (string)[];
    /**
     * Registry reference of a dataset evaluated instead of a held-out fraction
     * ("name" or "name:3"): every evaluation, and the eval metrics of the
     * registered version, are on its rows, which training never sees. Its
     * columns are read with the same mapping as the dataset's. Not with
     * validation_fraction.
     */
    'validationDataset': (string);
    '_greaterIsBetter'?: "greaterIsBetter";
}
