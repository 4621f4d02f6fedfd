'use strict';
// The Node client against live lmforge services with tiny models loaded.
//
// Addresses come from LMFORGE_NODE_TEST_ADDRESSES (JSON printed by
// tests/node/serve_for_node.py, which the pytest wrapper starts); without it
// this test starts that script itself, so `npm test` works on its own.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const net = require('node:net');
const { LmforgeClient, LmforgeError } = require('..');

const ROOT = path.resolve(__dirname, '..', '..', '..');
let server = null;
let info = null;
let client = null;
let trained = null; // the tiny job's id and output, for the tests after it

async function startServer() {
  const venvPython = path.join(ROOT, '.venv', 'bin', 'python');
  const python = process.env.PYTHON || (fs.existsSync(venvPython) ? venvPython : 'python3');
  server = spawn(python, [path.join(ROOT, 'tests', 'node', 'serve_for_node.py')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: server.stdout });
  for await (const line of lines) {
    if (line.trim().startsWith('{')) return JSON.parse(line);
  }
  throw new Error('serve_for_node.py exited before printing its addresses');
}

before(async () => {
  info = process.env.LMFORGE_NODE_TEST_ADDRESSES
    ? JSON.parse(process.env.LMFORGE_NODE_TEST_ADDRESSES)
    : await startServer();
  client = new LmforgeClient({ registry: info.registry, inference: info.inference, training: info.training });
});

after(async () => {
  if (client) client.close();
  if (server && server.exitCode === null) {
    // Closing its stdin stops it with its whole teardown (Ray head, servers,
    // weed); a SIGTERM would not, once Ray has installed its own handler.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.stdin.end();
    const timer = setTimeout(() => server.kill('SIGKILL'), 120000);
    await exited;
    clearTimeout(timer);
  }
});

test('lists the registered models', async () => {
  const models = await client.listModels();
  const byName = Object.fromEntries(models.map((m) => [m.name, m]));
  assert.equal(byName[info.models.lm].task, 'text-generation');
  assert.equal(byName[info.models.cls].task, 'text-classification');
  assert.deepEqual(byName[info.models.cls].labels, ['negative', 'positive']);
  assert.equal(byName[info.models.lm].latestVersion, 1);
});

test('streams a generation whose deltas make up the unary text', async () => {
  const params = { maxNewTokens: 12 };
  const unary = await client.generate(info.models.lm, 'hello world', params);
  assert.ok(unary.usage.completionTokens > 0);
  let text = '';
  let last = null;
  for await (const d of client.generateStream(info.models.lm, 'hello world', params)) {
    text += d.textDelta;
    last = d;
  }
  assert.equal(text, unary.text);
  assert.notEqual(last.finishReason, 'FINISH_REASON_UNSPECIFIED');
  assert.equal(last.usage.completionTokens, unary.usage.completionTokens);
});

test('classifies texts, each with its scores or its own error', async () => {
  const results = await client.classify(info.models.cls, ['I love this movie', '']);
  assert.equal(results.length, 2);
  const labels = results[0].scores.map((s) => s.label).sort();
  assert.deepEqual(labels, ['negative', 'positive']);
  const total = results[0].scores.reduce((a, s) => a + s.score, 0);
  assert.ok(Math.abs(total - 1) < 1e-4);
  assert.equal(results[1].scores.length, 0);
  assert.equal(results[1].error.code, 3); // INVALID_ARGUMENT, for the empty text only
});

// serve_for_node.py's control port (see its docstring): `pause MODEL` holds the
// model's lock, so its engine stops before the next forward and a request cannot
// finish on its own; `running MODEL` and `job ID` answer with what the Python
// side sees.
async function control() {
  const [host, port] = info.control.split(':');
  const socket = net.connect(Number(port), host);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const replies = readline.createInterface({ input: socket })[Symbol.asyncIterator]();
  const ask = async (line) => {
    socket.write(`${line}\n`);
    const reply = (await replies.next()).value;
    assert.match(reply, /^ok( |$)/);
    return reply.slice(3);
  };
  return {
    async send(line) {
      assert.equal(await ask(line), '');
    },
    async query(line) {
      return JSON.parse(await ask(line));
    },
    close() {
      socket.end();
    },
  };
}

async function queueDepth(name) {
  const loaded = await client.listLoadedModels();
  return loaded.find((m) => m.name === name).queueDepth;
}

/** Poll `probe` until it returns `want` (or the deadline passes); returns the last value. */
async function until(probe, want, ms = 10000) {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (value !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}

test('cancelling a stream mid-way frees the server slot while the engine is paused', async () => {
  const lm = info.models.lm;
  assert.equal(await queueDepth(lm), 0);
  const ctl = await control();
  try {
    // 256 tokens (the server's limit) with EOS ignored: it cannot end early.
    const stream = client.generateStream(lm, 'the quick brown fox', { maxNewTokens: 256, ignoreEos: true });
    let received = 0;
    for await (const d of stream) {
      assert.equal(d.finishReason, 'FINISH_REASON_UNSPECIFIED');
      received += 1;
      if (received === 1) {
        await ctl.send(`pause ${lm}`);
        // Paused mid-generation: still running, and now it cannot finish on its own.
        assert.equal(await queueDepth(lm), 1);
        assert.equal(await ctl.query(`running ${lm}`), 1);
        stream.cancel();
      }
    }
    assert.ok(received >= 1); // deltas in flight before the pause may still arrive
    // Freed while the engine could not step: only the cancellation explains it.
    assert.equal(await until(() => queueDepth(lm), 0), 0);
    await ctl.send(`resume ${lm}`);
    // Out of the engine's batch at its next step, and the freed slot serves again.
    assert.equal(await until(() => ctl.query(`running ${lm}`), 0), 0);
    const next = await client.generate(lm, 'hi', { maxNewTokens: 4 });
    assert.ok(next.usage.completionTokens >= 1);
  } finally {
    ctl.close();
  }
});

test('errors carry the gRPC status name', async () => {
  await assert.rejects(client.resolve('no-such-model'), (err) => {
    assert.ok(err instanceof LmforgeError);
    assert.equal(err.status, 'NOT_FOUND');
    return true;
  });
});

test('chat answers as the Python stubs do, and chatStream deltas make it up', async () => {
  const want = info.expected.chat;
  const messages = [{ role: 'user', content: 'hello' }];
  const params = { maxNewTokens: 8 };
  const reply = await client.chat(info.models.lm, messages, params);
  assert.equal(reply.message.role, 'assistant');
  assert.equal(reply.message.content, want.content);
  assert.deepEqual(reply.tokenIds, want.tokenIds);
  assert.equal(reply.finishReason, want.finishReason);
  assert.equal(reply.usage.completionTokens, want.completionTokens);
  let text = '';
  const ids = [];
  let last = null;
  for await (const d of client.chatStream(info.models.lm, messages, params)) {
    text += d.textDelta;
    ids.push(...d.tokenIds);
    last = d;
  }
  assert.equal(text, want.content);
  assert.deepEqual(ids, want.tokenIds);
  assert.equal(last.finishReason, want.finishReason);
  assert.equal(last.usage.completionTokens, want.completionTokens);
});

test('loadModel serves a model under a new name for a task; embed equals the Python stubs', async () => {
  const loaded = await client.loadModel(info.models.cls, { name: 'node-emb', task: 'feature-extraction' });
  assert.equal(loaded.name, 'node-emb');
  assert.equal(loaded.state, 'MODEL_STATE_READY');
  assert.ok((await client.listLoadedModels()).some((m) => m.name === 'node-emb'));
  const vectors = await client.embed('node-emb', ['hello world', 'gRPC streams']);
  assert.equal(vectors.length, 2);
  for (let i = 0; i < 2; i += 1) {
    assert.equal(vectors[i].length, info.expected.embed[i].length);
    vectors[i].forEach((x, j) => assert.ok(Math.abs(x - info.expected.embed[i][j]) < 1e-5));
  }
  const unit = await client.embed('node-emb', ['hello world'], { normalize: true });
  const norm = Math.sqrt(unit[0].reduce((a, x) => a + x * x, 0));
  assert.ok(Math.abs(norm - 1) < 1e-4);
  assert.ok((await client.unloadModel('node-emb')) >= 0);
  assert.ok(!(await client.listLoadedModels()).some((m) => m.name === 'node-emb'));
});

test('logprobs, a choice constraint and a forced tool call equal the gRPC contract answered in Python', async () => {
  const want = info.expected;
  const lp = await client.generate(info.models.lm, 'hello world', { maxNewTokens: 6, logprobs: true, topLogprobs: 3 });
  assert.equal(lp.logprobs.length, want.logprobs.length);
  lp.logprobs.forEach((t, i) => {
    assert.equal(t.tokenId, want.logprobs[i].tokenId);
    assert.ok(Math.abs(t.logprob - want.logprobs[i].logprob) < 1e-5);
    assert.deepEqual(t.topLogprobs.map((a) => a.tokenId), want.logprobs[i].top);
  });

  const choice = await client.generate(info.models.lm, 'Answer:', {
    maxNewTokens: 8, constraint: { choice: { choices: ['yes', 'no'] } },
  });
  assert.ok(['yes', 'no'].includes(choice.text));
  assert.equal(choice.text, want.choice);

  const reply = await client.chat(info.models.lm, [{ role: 'user', content: 'weather in Paris?' }],
    { maxNewTokens: 40 }, { tools: [{ type: 'function', function: want.tool }], toolChoice: 'required' });
  const call = reply.samples[0].toolCalls[0];
  assert.equal(call.name, want.toolCall.name);
  assert.equal(call.argumentsJson, want.toolCall.arguments);
  assert.equal(typeof JSON.parse(call.argumentsJson).city, 'string');
});

// ------------------------------------------------------------------ training

/** The oneof kind of a JobEvent ('stateChange', 'metrics', 'result' ...) as Node and Python name it. */
const kindOf = (pyEvent) => Object.keys(pyEvent).find((k) => k !== 'sequence' && k !== 'time');
const num = (v) => Number(v || 0); // protobuf JSON writes int64 as strings and omits zeros

/** The Node events (as watchJob yields them) equal the Python stub's, field by field. */
function assertSameEvents(nodeEvents, pyEvents) {
  assert.deepEqual(
    nodeEvents.map((e) => [e.sequence, e.event]),
    pyEvents.map((e) => [num(e.sequence), kindOf(e)]),
  );
  nodeEvents.forEach((e, i) => {
    const py = pyEvents[i];
    if (e.event === 'stateChange') {
      assert.equal(e.stateChange.state, py.stateChange.state);
      assert.equal(e.stateChange.reason, py.stateChange.reason || '');
    } else if (e.event === 'metrics') {
      assert.equal(e.metrics.step, num(py.metrics.step));
      assert.ok(Math.abs(e.metrics.loss - (py.metrics.loss || 0)) < 1e-9);
    } else if (e.event === 'result') {
      assert.equal(e.result.output.model, py.result.output.model);
      assert.equal(e.result.output.version, num(py.result.output.version));
    }
  });
}

/** getJob's answer equals the Python stub's GetJob. */
function assertSameJob(job, py) {
  assert.equal(job.id, py.id);
  assert.equal(job.state, py.state);
  assert.equal(job.error, py.error || '');
  assert.equal(job.step, num(py.step));
  assert.equal(job.totalSteps, num(py.totalSteps));
  assert.equal(job.spec.baseModel, py.spec.baseModel);
  assert.equal(job.baseVersion.version, num(py.baseVersion.version));
  assert.equal(job.datasetVersion.dataset, py.datasetVersion.dataset);
  assert.deepEqual(Object.keys(job.metrics).sort(), Object.keys(py.metrics || {}).sort());
  for (const [k, v] of Object.entries(job.metrics)) assert.ok(Math.abs(v - py.metrics[k]) < 1e-9, k);
}

/** A tiny LoRA job on the tiny LM and the 8-row chat dataset. */
function tinySpec(maxSteps) {
  return {
    baseModel: info.models.lm,
    dataset: info.datasets.chat,
    method: 'TRAINING_METHOD_LORA',
    hyperparameters: { maxSteps, learningRate: 5e-3, perDeviceBatchSize: 4, maxLength: 64 },
    scaling: { numWorkers: 1 },
  };
}

test('submitJob trains a tiny job; getJob and watchJob until it ends equal the Python stubs', async () => {
  const submitted = await client.submitJob(tinySpec(2));
  assert.ok(['JOB_STATE_QUEUED', 'JOB_STATE_RUNNING'].includes(submitted.state)); // returned at once
  assert.equal(submitted.spec.hyperparameters.maxSteps, 2);
  const events = [];
  for await (const e of client.watchJob(submitted.id)) events.push(e); // ends with the job
  const states = events.filter((e) => e.event === 'stateChange').map((e) => e.stateChange.state);
  assert.equal(states.at(-1), 'JOB_STATE_SUCCEEDED', JSON.stringify(events.filter((e) => e.event === 'log')));
  const job = await client.getJob(submitted.id);
  assert.equal(job.state, 'JOB_STATE_SUCCEEDED');
  assert.equal(job.step, 2);

  const ctl = await control();
  try {
    const python = await ctl.query(`job ${submitted.id}`);
    assertSameEvents(events, python.events);
    assertSameJob(job, python.job);
  } finally {
    ctl.close();
  }
  // Watching again from a sequence gives the rest of the history only.
  const after = events[1].sequence;
  const rest = [];
  for await (const e of client.watchJob(submitted.id, { afterSequence: after })) rest.push(e.sequence);
  assert.deepEqual(rest, events.slice(2).map((e) => e.sequence));

  // The result is registered as an adapter of the base, made by this job.
  const result = events.find((e) => e.event === 'result').result.output;
  assert.deepEqual([job.output.model, job.output.version], [result.model, result.version]);
  const resolved = await client.resolveModel(`${result.model}:${result.version}`);
  assert.equal(resolved.version.lineage.sourceJobId, submitted.id);
  assert.equal(resolved.version.lineage.base.model, info.models.lm);
  const listed = await client.listJobs({ state: 'JOB_STATE_SUCCEEDED' });
  assert.ok(listed.jobs.some((j) => j.id === submitted.id));
  trained = { jobId: submitted.id, reference: `${result.model}:${result.version}` };
});

test('loadAdapter serves the trained adapter on its base as the Python stubs see it; resumeJob refuses a finished job', async () => {
  assert.ok(trained, 'needs the trained job of the test before');
  const loaded = await client.loadAdapter({ model: info.models.lm, reference: trained.reference, name: 'node-adapter' });
  assert.deepEqual(loaded.model.adapters.map((a) => a.name), ['node-adapter']);
  const ctl = await control();
  let python;
  try {
    python = await ctl.query('adapter-generate node-adapter');
  } finally {
    ctl.close();
  }
  const params = { maxNewTokens: 8 };
  const base = await client.generate(info.models.lm, 'say the phrase, please (3)', params);
  const tuned = await client.generate(info.models.lm, 'say the phrase, please (3)', params, { adapter: 'node-adapter' });
  assert.deepEqual(base.tokenIds, python.base);
  assert.deepEqual(tuned.tokenIds, python.adapter);
  const unloaded = await client.unloadAdapter({ model: info.models.lm, name: 'node-adapter' });
  assert.deepEqual(unloaded.model.adapters, []);
  await assert.rejects(client.resumeJob(trained.jobId), (err) => {
    assert.equal(err.status, 'FAILED_PRECONDITION');
    assert.match(err.details, /SUCCEEDED/);
    return true;
  });
});

test('cancelJob stops a running job; the watch ends CANCELLED, as the Python stubs see it', async () => {
  const submitted = await client.submitJob(tinySpec(100000)); // could not finish on its own
  const events = [];
  let cancelled = null;
  for await (const e of client.watchJob(submitted.id)) {
    events.push(e);
    if (e.event === 'metrics' && cancelled === null) cancelled = await client.cancelJob(submitted.id); // really training
  }
  assert.ok(cancelled, JSON.stringify(events.filter((e) => e.event === 'log')));
  assert.equal(cancelled.state, 'JOB_STATE_CANCELLED');
  assert.equal(cancelled.error, 'cancelled by a user');
  const states = events.filter((e) => e.event === 'stateChange').map((e) => e.stateChange.state);
  assert.equal(states.at(-1), 'JOB_STATE_CANCELLED');
  const ctl = await control();
  let python;
  try {
    python = await ctl.query(`job ${submitted.id}`);
  } finally {
    ctl.close();
  }
  const job = await client.getJob(submitted.id);
  assert.equal(job.state, 'JOB_STATE_CANCELLED'); // not overwritten by the stopping driver
  assertSameEvents(events, python.events);
  // The stopping driver may still record a later step after the cancel, so the
  // step is compared as "no earlier than Python saw it", and far from the end.
  assertSameJob({ ...job, step: num(python.job.step), metrics: python.job.metrics || {} }, python.job);
  assert.ok(job.step >= num(python.job.step) && job.step < 100000);
  // Cancelling again is harmless and changes nothing.
  const again = await client.cancelJob(submitted.id);
  assert.equal(again.state, 'JOB_STATE_CANCELLED');
  assert.deepEqual(again.endTime, job.endTime);
  await assert.rejects(client.getJob('no-such-job'), (err) => err.status === 'NOT_FOUND' && /no-such-job/.test(err.details));
});

// ------------------------------------------------------------------ registry

const crypto = require('node:crypto');

/** Collect a stream's messages until `done(messages)` says so, then cancel it. */
async function collect(stream, done) {
  const out = [];
  for await (const m of stream) {
    out.push(m);
    if (done(out)) stream.cancel();
  }
  return out;
}

test('a model version through every registry RPC: create, upload, finalize, alias, download, delete', async () => {
  const name = `node-reg-${process.pid}`;
  const bytes = Buffer.from(JSON.stringify({ model_type: 'gpt2', note: 'x'.repeat(3000) }));
  const file = { path: 'config.json', sizeBytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  const watch = client.watchEvents({ model: name });
  const feed = watch[Symbol.asyncIterator]();
  assert.equal((await feed.next()).value.payload, 'started'); // subscribed before the first change
  const created = await client.createModel({ model: { name, task: 'text-generation', description: 'from node' } });
  assert.equal(created.model.name, name);
  const updated = await client.updateModel({ model: { name, description: 'updated' }, updateMask: { paths: ['description'] } });
  assert.equal(updated.model.description, 'updated');
  assert.equal((await client.getModel({ name })).model.task, 'text-generation');

  const v = (await client.createModelVersion({ model: name, format: 'MODEL_FORMAT_HF_FOLDER', files: [file] })).version;
  assert.equal(v.version, 1);
  const target = { modelVersion: { model: name, version: 1 } };
  // Upload in pieces: the registry checks the size and hash against the manifest.
  const stored = await client.uploadFile({ target, file }, [bytes.subarray(0, 1000), bytes.subarray(1000)]);
  assert.equal(stored.sha256, file.sha256);
  const ready = (await client.finalizeModelVersion({ model: name, version: 1 })).version;
  assert.equal(ready.state, 'VERSION_STATE_READY');
  await client.setAlias({ model: name, alias: 'prod', version: 1 });
  const viaAlias = await client.resolveModel(`${name}@prod`);
  assert.equal(viaAlias.version.version, 1);
  assert.deepEqual((await client.getModelVersion({ model: name, version: 1 })).version.files.map((f) => f.sha256), [file.sha256]);
  const page = await client.listModelVersions({ model: name, pageSize: 10 });
  assert.deepEqual(page.versions.map((x) => [x.version, x.state]), [[1, 'VERSION_STATE_READY']]);

  // The bytes come back the same, over gRPC and over a presigned URL.
  const parts = await collect(client.downloadFile({ target, path: 'config.json' }), () => false);
  assert.deepEqual(Buffer.concat(parts.map((p) => p.chunk)), bytes);
  const url = (await client.getDownloadUrl({ target, path: 'config.json', expiresInSeconds: 60 })).url;
  assert.deepEqual(Buffer.from(await (await fetch(url)).arrayBuffer()), bytes);
  const up = await client.getUploadUrl({ target: { modelVersion: { model: name, version: 1 } }, file, expiresInSeconds: 60 })
    .catch((err) => err); // a READY version takes no more files
  assert.ok(up instanceof LmforgeError && up.status === 'FAILED_PRECONDITION', String(up && up.message));

  // A second version, aborted: never READY, and resolving the model still gives 1.
  await client.createModelVersion({ model: name, format: 'MODEL_FORMAT_HF_FOLDER', files: [file] });
  const aborted = (await client.abortModelVersion({ model: name, version: 2, reason: 'node test' })).version;
  assert.equal(aborted.state, 'VERSION_STATE_FAILED');
  assert.equal((await client.resolveModel(name)).version.version, 1);

  await client.deleteAlias({ model: name, alias: 'prod' });
  await client.deleteModelVersion({ model: name, version: 2 });
  await client.deleteModel({ name, force: true });
  await assert.rejects(client.getModel({ name }), (err) => err.status === 'NOT_FOUND');

  // The change feed saw exactly these changes of this model, in order.
  const want = ['EVENT_KIND_MODEL_CREATED', 'EVENT_KIND_MODEL_VERSION_CREATED', 'EVENT_KIND_MODEL_VERSION_READY',
    'EVENT_KIND_ALIAS_SET', 'EVENT_KIND_MODEL_VERSION_CREATED', 'EVENT_KIND_MODEL_VERSION_FAILED',
    'EVENT_KIND_ALIAS_DELETED', 'EVENT_KIND_MODEL_VERSION_DELETED', 'EVENT_KIND_MODEL_DELETED'];
  const kinds = [];
  while (kinds.length < want.length) {
    const m = (await feed.next()).value;
    assert.equal(m.event.model, name);
    kinds.push(m.event.kind);
  }
  watch.cancel();
  assert.deepEqual(kinds, want);
});

test('a dataset version through every dataset RPC', async () => {
  const name = `node-ds-${process.pid}`;
  const rows = Buffer.from('{"text": "a"}\n{"text": "b"}\n');
  const file = { path: 'data.jsonl', sizeBytes: rows.length, sha256: crypto.createHash('sha256').update(rows).digest('hex') };
  await client.createDataset({ dataset: { name, description: 'from node' } });
  assert.equal((await client.getDataset({ name })).dataset.description, 'from node');
  assert.ok((await client.listDatasets({ pageSize: 100 })).datasets.some((d) => d.name === name));
  await client.createDatasetVersion({ dataset: name, format: 'DATASET_FORMAT_JSONL', files: [file] });
  await client.uploadFile({ target: { datasetVersion: { dataset: name, version: 1 } }, file }, rows);
  const ready = (await client.finalizeDatasetVersion({ dataset: name, version: 1 })).version;
  assert.equal(ready.state, 'VERSION_STATE_READY');
  assert.equal((await client.getDatasetVersion({ dataset: name, version: 1 })).version.files[0].sha256, file.sha256);
  assert.equal((await client.resolveDataset({ reference: name })).version.version, 1);
  await client.createDatasetVersion({ dataset: name, format: 'DATASET_FORMAT_JSONL', files: [file] });
  assert.equal((await client.abortDatasetVersion({ dataset: name, version: 2 })).version.state, 'VERSION_STATE_FAILED');
  const versions = await client.listDatasetVersions({ dataset: name });
  assert.deepEqual(versions.versions.map((x) => [x.version, x.state]).sort(), [[1, 'VERSION_STATE_READY'], [2, 'VERSION_STATE_FAILED']]);
  await client.deleteDatasetVersion({ dataset: name, version: 2 });
  await client.deleteDataset({ name, force: true });
  await assert.rejects(client.getDataset({ name }), (err) => err.status === 'NOT_FOUND');
});

test('runPipeline answers as the Python stubs do, with plain JS values', async () => {
  const got = await client.runPipeline(info.models.cls, ['I love this movie', 'awful'], { parameters: { top_k: 2 } });
  assert.equal(got.task, info.expected.pipeline.task);
  assert.equal(got.output.length, 2);
  got.output.forEach((scores, i) => {
    const want = info.expected.pipeline.output[i];
    assert.deepEqual(scores.map((x) => x.label), want.map((x) => x.label));
    scores.forEach((x, j) => assert.ok(Math.abs(x.score - want[j].score) < 1e-6));
  });
});

test('getServerInfo reports the loaded models and the limits the server was started with', async () => {
  const infoReply = await client.getServerInfo();
  assert.equal(infoReply.maxNewTokensLimit, 256); // serve_for_node's platform setting
  const names = infoReply.models.map((m) => m.name);
  assert.ok(names.includes(info.models.lm) && names.includes(info.models.cls));
  assert.equal(infoReply.queueDepth, 0);
});
