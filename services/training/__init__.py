"""The lmforge training service (see servicer.py for the gRPC surface).

Modules, from the request inward:

- servicer.py: decode / encode protobuf, call the coordinator (nothing else);
- coordinator.py: the domain core: submit (validate + queue), get, list,
  cancel, watch; driver threads that run queued jobs and register results;
- spec.py: job spec validation and defaults; inputs are resolved and
  outputs registered by the services' shared registry client
  (services/core/registry_client.py);
- jobs.py: job records and event history (SQLAlchemy); events.py: live
  fan-out of events to watchers;
- runner.py: the Ray connection, launch / stop of a job's driver task;
  driver.py: the task that runs Ray Train's ``TorchTrainer.fit()``;
  channel.py: the per-job actor that carries events and the stop flag;
- worker.py: the per-worker train function (trl SFTTrainer / HF Trainer,
  full or LoRA, DeepSpeed); data.py: dataset rows -> trainer rows;
  plan.py: the plain data a worker receives; deepspeed_presets.py.
"""
