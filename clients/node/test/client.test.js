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
  client = new LmforgeClient({ registry: info.registry, inference: info.inference });
});

after(() => {
  if (client) client.close();
  if (server) {
    server.stdin.end();
    server.kill('SIGTERM');
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

// Pause/resume a model's engine through serve_for_node.py's control port: while
// paused it cannot run a forward, so a request cannot finish on its own.
async function control() {
  const [host, port] = info.control.split(':');
  const socket = net.connect(Number(port), host);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const replies = readline.createInterface({ input: socket })[Symbol.asyncIterator]();
  return {
    async send(line) {
      socket.write(`${line}\n`);
      const reply = await replies.next();
      assert.equal(reply.value, 'ok');
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

test('cancelling a stream mid-way ends it and frees the server slot', async () => {
  const lm = info.models.lm;
  const ctl = await control();
  try {
    const stream = client.generateStream(lm, 'the quick brown fox', { maxNewTokens: 200 });
    let received = 0;
    for await (const d of stream) {
      received += 1;
      assert.equal(d.finishReason, 'FINISH_REASON_UNSPECIFIED');
      if (received === 1) await ctl.send(`pause ${lm}`); // from here it cannot finish alone
      stream.cancel();
    }
    // Deltas already in flight when it paused may still arrive; none carries a finish.
    assert.ok(received >= 1);
    const deadline = Date.now() + 10000;
    let depth = await queueDepth(lm);
    while (depth !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      depth = await queueDepth(lm);
    }
    assert.equal(depth, 0); // freed while the engine was paused
    await ctl.send(`resume ${lm}`);
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

test('chat answers as the Python client does, and chatStream deltas make it up', async () => {
  const messages = [{ role: 'user', content: 'hello' }];
  const params = { maxNewTokens: 8 };
  const reply = await client.chat(info.models.lm, messages, params);
  assert.equal(reply.message.role, 'assistant');
  assert.equal(reply.message.content, info.expected.chat);
  let text = '';
  let last = null;
  for await (const d of client.chatStream(info.models.lm, messages, params)) {
    text += d.textDelta;
    last = d;
  }
  assert.equal(text, info.expected.chat);
  assert.notEqual(last.finishReason, 'FINISH_REASON_UNSPECIFIED');
});

test('loadModel serves a model under a new name for a task; embed equals the Python client', async () => {
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
