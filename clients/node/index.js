'use strict';
/**
 * A small Node.js client for lmforge's three gRPC services.
 *
 * The contracts are read at run time from the repository's protos
 * (../../protos/lmforge/v1/*.proto, or LMFORGE_PROTOS_DIR), never copied, so
 * this client always speaks the same contract as the servers. Messages use
 * camelCase field names (maxNewTokens, textDelta ...), enums are their names
 * (e.g. "FINISH_REASON_LENGTH"), int64 fields are numbers.
 *
 *   const { LmforgeClient } = require('@lmforge/client');
 *   const c = new LmforgeClient({ registry: '127.0.0.1:50051', inference: '127.0.0.1:50052' });
 *   for await (const d of c.generateStream('chat', 'Hello')) process.stdout.write(d.textDelta);
 */

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const DEFAULT_ADDRESSES = {
  registry: '127.0.0.1:50051',
  inference: '127.0.0.1:50052',
  training: '127.0.0.1:50053',
};

/** @returns {string} the folder holding lmforge/v1/*.proto */
function protosDir() {
  return process.env.LMFORGE_PROTOS_DIR || path.resolve(__dirname, '..', '..', 'protos');
}

let cached = null;
/** Load the lmforge.v1 package once. */
function loadPackage() {
  if (cached) return cached;
  const dir = protosDir();
  const files = ['registry', 'inference', 'training'].map((n) => path.join(dir, 'lmforge', 'v1', `${n}.proto`));
  const definition = protoLoader.loadSync(files, {
    includeDirs: [dir],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  cached = grpc.loadPackageDefinition(definition).lmforge.v1;
  return cached;
}

/** An error from a service, with the gRPC status name (e.g. "NOT_FOUND") as `status`. */
class LmforgeError extends Error {
  /**
   * @param {string} status gRPC status name
   * @param {string} message what went wrong, as the server said it
   * @param {number} code numeric gRPC status
   */
  constructor(status, message, code) {
    super(`${status}: ${message}`);
    this.name = 'LmforgeError';
    this.status = status;
    this.code = code;
    this.details = message;
  }
}

const STATUS_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([k, v]) => [v, k]));

/** @param {any} err a grpc-js ServiceError */
function translate(err) {
  if (!err || typeof err.code !== 'number') return err;
  return new LmforgeError(STATUS_NAMES[err.code] || String(err.code), err.details || err.message, err.code);
}

/**
 * A server stream as an async iterable of messages, with `cancel()`.
 * Cancelling ends the iteration quietly; other errors are thrown as LmforgeError.
 */
class Stream {
  /**
   * @param {grpc.ClientReadableStream<any>} call
   * @param {(msg: any) => any} [map] applied to each message (e.g. unwrap `event`)
   */
  constructor(call, map = (m) => m) {
    this.call = call;
    this.map = map;
    this.cancelled = false;
    // A stream that is cancelled, or fails, before anyone iterates it must not
    // crash the process with an unhandled 'error' event; iterating still throws.
    call.on('error', () => {});
  }

  /** Cancel the call: the server sees the client go away and frees its slot. */
  cancel() {
    this.cancelled = true;
    this.call.cancel();
  }

  async *[Symbol.asyncIterator]() {
    try {
      for await (const msg of this.call) yield this.map(msg);
    } catch (err) {
      if (this.cancelled && err && err.code === grpc.status.CANCELLED) return;
      throw translate(err);
    }
  }
}

/**
 * @typedef {object} ClientOptions
 * @property {string} [registry]  host:port (default LMFORGE_REGISTRY_ADDRESS or 127.0.0.1:50051)
 * @property {string} [inference] host:port (default LMFORGE_INFERENCE_ADDRESS or 127.0.0.1:50052)
 * @property {string} [training]  host:port (default LMFORGE_TRAINING_ADDRESS or 127.0.0.1:50053)
 * @property {string} [token]     bearer token (default LMFORGE_AUTH_TOKEN)
 * @property {Buffer} [rootCerts] PEM roots: use TLS
 * @property {number} [timeoutMs] deadline of each unary call
 */

/**
 * @typedef {object} GenerationParameters
 * @property {number} [maxNewTokens]
 * @property {number} [temperature] 0 = greedy
 * @property {number} [topP]
 * @property {number} [topK]
 * @property {number} [repetitionPenalty]
 * @property {string[]} [stop]
 * @property {number} [seed]   with n > 1, sample i uses seed + i
 * @property {number} [presencePenalty]  [-2, 2]
 * @property {number} [frequencyPenalty] [-2, 2]
 * @property {number} [minP]
 * @property {number} [minNewTokens]
 * @property {number[]} [stopTokenIds]
 * @property {boolean} [ignoreEos]
 * @property {Object<number, number>} [logitBias] token id -> bias in [-100, 100]
 * @property {number} [n]             samples (1..16); unary replies list them in `samples`
 * @property {boolean} [logprobs]     per-token log-probabilities (`logprobs` in replies/deltas)
 * @property {number} [topLogprobs]   alternatives per token (0..20), with logprobs
 * @property {{jsonSchema?: string, jsonObject?: boolean, regex?: string,
 *             choice?: {choices: string[]}}} [constraint] structured output (one kind)
 */

/**
 * @typedef {object} ChatOptions
 * @property {string} [adapter]
 * @property {Array<{type?: string, function: {name: string, description?: string, parameters?: object}}>} [tools]
 *   OpenAI-style tool definitions
 * @property {string|{function: {name: string}}} [toolChoice] "auto", "none", "required" or a function
 * @property {object} [chatTemplateKwargs] allowlisted template variables (e.g. {enable_thinking: false})
 */

/** The ChatRequest fields for a ChatOptions (tools become lmforge.v1.Tool messages). */
function chatFields(options) {
  const tools = (options.tools || []).map((t) => {
    const fn = t.function || t;
    return {
      name: fn.name,
      description: fn.description || '',
      parametersJson: fn.parameters === undefined ? '' : JSON.stringify(fn.parameters),
    };
  });
  let toolChoice = {};
  const choice = options.toolChoice;
  if (typeof choice === 'string') {
    toolChoice = ['auto', 'none', 'required'].includes(choice) ? { mode: choice } : { function: choice };
  } else if (choice && choice.function) {
    toolChoice = { function: choice.function.name };
  }
  const fields = { adapter: options.adapter || '', tools, toolChoice };
  if (options.chatTemplateKwargs) fields.chatTemplateKwargs = toStruct(options.chatTemplateKwargs);
  return fields;
}

/** A plain JS value as a google.protobuf.Value message (proto-loader does not convert it). */
function toValue(v) {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: toStruct(v) };
}

/** A plain object as a google.protobuf.Struct message. */
function toStruct(obj) {
  return { fields: Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toValue(v)])) };
}

/** A google.protobuf.Value message (oneofs: true) back to a plain JS value. */
function fromValue(v) {
  if (!v || !v.kind || v.kind === 'nullValue') return null;
  if (v.kind === 'listValue') return (v.listValue.values || []).map(fromValue);
  if (v.kind === 'structValue') return fromStruct(v.structValue);
  return v[v.kind];
}

/** A google.protobuf.Struct message back to a plain object. */
function fromStruct(s) {
  return Object.fromEntries(Object.entries((s && s.fields) || {}).map(([k, v]) => [k, fromValue(v)]));
}

class LmforgeClient {
  /** @param {ClientOptions} [options] */
  constructor(options = {}) {
    const env = process.env;
    this.addresses = {
      registry: options.registry || env.LMFORGE_REGISTRY_ADDRESS || DEFAULT_ADDRESSES.registry,
      inference: options.inference || env.LMFORGE_INFERENCE_ADDRESS || DEFAULT_ADDRESSES.inference,
      training: options.training || env.LMFORGE_TRAINING_ADDRESS || DEFAULT_ADDRESSES.training,
    };
    const token = options.token !== undefined ? options.token : env.LMFORGE_AUTH_TOKEN;
    this.timeoutMs = options.timeoutMs;
    this.metadata = new grpc.Metadata();
    if (token) this.metadata.set('authorization', `Bearer ${token}`);
    this.credentials = options.rootCerts
      ? grpc.credentials.createSsl(options.rootCerts)
      : grpc.credentials.createInsecure();
    const pkg = loadPackage();
    const limit = 64 * 1024 * 1024;
    const channelOptions = {
      'grpc.max_receive_message_length': limit,
      'grpc.max_send_message_length': limit,
    };
    this.registry = new pkg.RegistryService(this.addresses.registry, this.credentials, channelOptions);
    this.inference = new pkg.InferenceService(this.addresses.inference, this.credentials, channelOptions);
    this.training = new pkg.TrainingService(this.addresses.training, this.credentials, channelOptions);
  }

  /** Close every channel. */
  close() {
    for (const stub of [this.registry, this.inference, this.training]) stub.close();
  }

  /** @returns {grpc.CallOptions} */
  _options() {
    return this.timeoutMs ? { deadline: Date.now() + this.timeoutMs } : {};
  }

  /**
   * Call a unary RPC and resolve with its response.
   * @param {any} stub @param {string} method @param {object} request
   * @returns {Promise<any>}
   */
  _unary(stub, method, request) {
    return new Promise((resolve, reject) => {
      stub[method](request, this.metadata, this._options(), (err, response) =>
        err ? reject(translate(err)) : resolve(response));
    });
  }

  // ---------------------------------------------------------------- registry

  /**
   * Every registered model (all pages).
   * @param {{task?: string, tag?: string}} [filter]
   * @returns {Promise<Array<{name: string, task: string, labels: string[], latestVersion: number}>>}
   */
  async listModels(filter = {}) {
    const out = [];
    let pageToken = '';
    do {
      const r = await this._unary(this.registry, 'ListModels', { ...filter, pageToken });
      out.push(...r.models);
      pageToken = r.nextPageToken;
    } while (pageToken);
    return out;
  }

  /**
   * ResolveModel: the model and version a reference names.
   * @param {string} reference "name", "name:3" or "name@alias"
   * @returns {Promise<{model: object, version: object}>}
   */
  resolveModel(reference) {
    return this._unary(this.registry, 'ResolveModel', { reference });
  }

  /** Same as resolveModel. @param {string} reference */
  resolve(reference) {
    return this.resolveModel(reference);
  }

  // --------------------------------------------------------------- inference

  /**
   * Load a registry version into the inference server (resolves once READY).
   * @param {string} reference
   * @param {{name?: string, task?: string, dtype?: string, device?: string, deviceMap?: string}} [options]
   */
  async loadModel(reference, options = {}) {
    const loadOptions = {
      task: options.task || '',
      dtype: options.dtype || '',
      device: options.device || '',
      deviceMap: options.deviceMap || '',
    };
    const req = { reference, name: options.name || '', options: loadOptions };
    return (await this._unary(this.inference, 'LoadModel', req)).model;
  }

  /** Free a loaded model; resolves to the bytes freed. @param {string} name */
  async unloadModel(name) {
    return Number((await this._unary(this.inference, 'UnloadModel', { name })).freedBytes);
  }

  /** The models the inference server holds, with state and queue depth. */
  async listLoadedModels() {
    return (await this._unary(this.inference, 'ListLoadedModels', {})).models;
  }

  /**
   * @param {string} model @param {string} prompt
   * @param {GenerationParameters} [parameters] @param {{adapter?: string}} [options]
   * @returns {Promise<{text: string, tokenIds: number[], finishReason: string, usage: object}>}
   */
  generate(model, prompt, parameters = {}, options = {}) {
    return this._unary(this.inference, 'Generate', { model, prompt, parameters, adapter: options.adapter || '' });
  }

  /**
   * Stream a generation: an async iterable of {textDelta, tokenIds, finishReason, usage}.
   * @param {string} model @param {string} prompt
   * @param {GenerationParameters} [parameters] @param {{adapter?: string}} [options]
   * @returns {Stream}
   */
  generateStream(model, prompt, parameters = {}, options = {}) {
    const call = this.inference.GenerateStream(
      { model, prompt, parameters, adapter: options.adapter || '' }, this.metadata, {});
    return new Stream(call);
  }

  /**
   * @param {string} model @param {Array<{role: string, content: string}>} messages
   * @param {GenerationParameters} [parameters] @param {ChatOptions} [options]
   * @returns {Promise<{message: {role: string, content: string, toolCalls: object[]}, samples: object[]}>}
   */
  chat(model, messages, parameters = {}, options = {}) {
    return this._unary(this.inference, 'Chat', { model, messages, parameters, ...chatFields(options) });
  }

  /**
   * @param {string} model @param {Array<{role: string, content: string}>} messages
   * @param {GenerationParameters} [parameters] @param {ChatOptions} [options]
   * @returns {Stream}
   */
  chatStream(model, messages, parameters = {}, options = {}) {
    const call = this.inference.ChatStream(
      { model, messages, parameters, ...chatFields(options) }, this.metadata, {});
    return new Stream(call);
  }

  /**
   * Classify texts: one result per text, {scores: [{label, score}], truncated, error}.
   * @param {string} model @param {string[]} texts @param {{topK?: number, adapter?: string}} [options]
   */
  async classify(model, texts, options = {}) {
    const r = await this._unary(this.inference, 'Classify', {
      model, texts, topK: options.topK || 0, adapter: options.adapter || '',
    });
    return r.results;
  }

  /**
   * One vector per text.
   * @param {string} model @param {string[]} texts
   * @param {{normalize?: boolean, pooling?: 'mean'|'cls'|'last'}} [options]
   */
  async embed(model, texts, options = {}) {
    const pooling = `POOLING_${(options.pooling || 'mean').toUpperCase()}`;
    const r = await this._unary(this.inference, 'Embed', {
      model, texts, normalize: !!options.normalize, pooling,
    });
    return r.embeddings.map((e) => e.values);
  }

  /**
   * RunPipeline: a transformers pipeline call on a loaded model. `input` is a
   * text, a list of texts, a Buffer (with options.mediaType) or a JSON value
   * (chat messages, {text, text_pair}); resolves with {output, task}, the
   * output as plain JS values.
   * @param {string} model
   * @param {string | string[] | Buffer | object} input
   * @param {{task?: string, parameters?: object, mediaType?: string}} [options]
   */
  async runPipeline(model, input, options = {}) {
    let pipelineInput;
    if (typeof input === 'string') pipelineInput = { text: input };
    else if (Buffer.isBuffer(input)) pipelineInput = { media: { data: input, mediaType: options.mediaType || '' } };
    else if (Array.isArray(input) && input.every((t) => typeof t === 'string')) pipelineInput = { texts: { texts: input } };
    else pipelineInput = { json: toValue(input) };
    const request = { model, task: options.task || '', input: pipelineInput };
    if (options.parameters) request.parameters = toStruct(options.parameters);
    const r = await this._unary(this.inference, 'RunPipeline', request);
    return { output: fromValue(r.output), task: r.task };
  }

  // ---------------------------------------------------------------- training

  /**
   * Queue a training job (returns at once, QUEUED).
   * @param {object} spec an lmforge.v1.JobSpec (baseModel, dataset, method, hyperparameters ...)
   */
  async submitJob(spec) {
    return (await this._unary(this.training, 'SubmitJob', { spec })).job;
  }

  /** @param {string} id */
  async getJob(id) {
    return (await this._unary(this.training, 'GetJob', { id })).job;
  }

  /**
   * One page of jobs, newest first: {jobs, nextPageToken}.
   * @param {{state?: string, pageSize?: number, pageToken?: string}} [request]
   */
  listJobs(request = {}) {
    return this._unary(this.training, 'ListJobs', request);
  }

  /** Stop a queued or running job; resolves to the job, now CANCELLED. @param {string} id */
  async cancelJob(id) {
    return (await this._unary(this.training, 'CancelJob', { id })).job;
  }

  /** Queue a FAILED or CANCELLED job again from its last checkpoint. @param {string} id */
  async resumeJob(id) {
    return (await this._unary(this.training, 'ResumeJob', { id })).job;
  }

  /**
   * The job's events (lmforge.v1.JobEvent: sequence, time and one of stateChange,
   * metrics, evaluation, checkpoint, log, result, promotion), history first; the
   * iteration ends when the job does.
   * @param {string} id @param {{afterSequence?: number}} [options]
   * @returns {Stream}
   */
  watchJob(id, options = {}) {
    const call = this.training.WatchJob({ id, afterSequence: options.afterSequence || 0 }, this.metadata, {});
    return new Stream(call, (m) => m.event);
  }

  // ------------------------------------------------- the rest of the contract

  /**
   * Upload one file (UploadFile, client streaming): the header message, then the
   * content in chunks. Resolves to the stored lmforge.v1.FileEntry.
   * @param {{target: object, file: object}} header where it goes and what it is
   * @param {Buffer | Iterable<Buffer> | AsyncIterable<Buffer>} content
   */
  uploadFile(header, content) {
    return new Promise((resolve, reject) => {
      const call = this.registry.UploadFile(this.metadata, this._options(), (err, response) =>
        err ? reject(translate(err)) : resolve(response.file));
      (async () => {
        call.write({ header });
        const chunks = Buffer.isBuffer(content) ? chunked(content) : content;
        for await (const chunk of chunks) {
          // Respect back-pressure: wait for the buffer to drain before writing more.
          if (!call.write({ chunk })) await new Promise((r) => call.once('drain', r));
        }
        call.end();
      })().catch((err) => {
        call.cancel();
        reject(err);
      });
    });
  }

  /**
   * Download one file (DownloadFile, server streaming): messages {file, chunk};
   * the first names the file, the chunks make up its bytes.
   * @param {{target: object, path: string, offset?: number}} request
   * @returns {Stream}
   */
  downloadFile(request) {
    return new Stream(this.registry.DownloadFile(request, this.metadata, {}));
  }

  /**
   * The registry's change feed (WatchEvents, server streaming): {started} first,
   * then {event} per change, until cancelled.
   * @param {{afterSequence?: number, model?: string, kinds?: string[]}} [request]
   * @returns {Stream}
   */
  watchEvents(request = {}) {
    return new Stream(this.registry.WatchEvents(request, this.metadata, {}));
  }
}

/** A Buffer in 1 MiB pieces (the registry's preferred upload chunk). */
function* chunked(buffer, size = 1024 * 1024) {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

// Unary RPCs whose request and response are used as the contract defines them
// (lmforge.v1 messages in camelCase, see types/): one method per RPC, named as
// the RPC in lowerCamelCase, resolving with the whole response message. The
// methods above wrap the RPCs that gain from a friendlier shape.
const PLAIN_UNARY = {
  registry: [
    'CreateModel', 'GetModel', 'UpdateModel', 'DeleteModel',
    'CreateModelVersion', 'FinalizeModelVersion', 'AbortModelVersion', 'GetModelVersion',
    'ListModelVersions', 'DeleteModelVersion', 'SetAlias', 'DeleteAlias',
    'PromoteVersion', 'ReportDeployment',
    'GetUploadUrl', 'GetDownloadUrl',
    'CreateDataset', 'GetDataset', 'ListDatasets', 'DeleteDataset',
    'CreateDatasetVersion', 'FinalizeDatasetVersion', 'AbortDatasetVersion', 'GetDatasetVersion',
    'ListDatasetVersions', 'DeleteDatasetVersion', 'ResolveDataset',
  ],
  inference: ['LoadAdapter', 'UnloadAdapter', 'GetServerInfo'],
};

/** "GetModelVersion" -> "getModelVersion" */
function methodName(rpc) {
  return rpc[0].toLowerCase() + rpc.slice(1);
}

for (const [service, rpcs] of Object.entries(PLAIN_UNARY)) {
  for (const rpc of rpcs) {
    Object.defineProperty(LmforgeClient.prototype, methodName(rpc), {
      value: function call(request = {}) {
        return this._unary(this[service], rpc, request);
      },
      writable: true,
      configurable: true,
    });
  }
}

module.exports = { LmforgeClient, LmforgeError, Stream, loadPackage, methodName };
