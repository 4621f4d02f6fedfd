'use strict';
// Offline checks that the client keeps up with the protos (no services needed):
// every RPC has a method in index.js and a declaration in index.d.ts, with the
// streaming shape the RPC has; types/ is what scripts/gen-types.js makes of the
// protos today; and index.d.ts type-checks against them under --strict.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { LmforgeClient, Stream, loadPackage, methodName } = require('..');
const { generate, bin } = require('../scripts/gen-types');

const PKG = path.resolve(__dirname, '..');
const SERVICES = { RegistryService: 'registry', InferenceService: 'inference', TrainingService: 'training' };

/** Every RPC in the protos: {service, rpc, requestStream, responseStream}. */
function rpcs() {
  const pkg = loadPackage();
  const out = [];
  for (const service of Object.keys(SERVICES)) {
    for (const [rpc, def] of Object.entries(pkg[service].service)) {
      out.push({ service, rpc, requestStream: def.requestStream, responseStream: def.responseStream });
    }
  }
  return out;
}

test('the protos define the three services and every RPC is found', () => {
  const names = rpcs().map((r) => r.rpc);
  assert.ok(names.includes('WatchJob') && names.includes('UploadFile') && names.includes('Embed'));
  assert.equal(new Set(names).size, names.length);
});

test('every RPC has a method in index.js and a declaration in index.d.ts', () => {
  const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8');
  const missing = [];
  const undeclared = [];
  for (const { service, rpc } of rpcs()) {
    const name = methodName(rpc);
    if (typeof LmforgeClient.prototype[name] !== 'function') missing.push(`${service}.${rpc} -> ${name}`);
    if (!new RegExp(`^\\s+${name}\\(`, 'm').test(dts)) undeclared.push(`${service}.${rpc} -> ${name}`);
  }
  assert.deepEqual(missing, [], `RPCs without a method in index.js: ${missing.join(', ')}`);
  assert.deepEqual(undeclared, [], `RPCs without a declaration in index.d.ts: ${undeclared.join(', ')}`);
});

test('server-streaming RPCs return a Stream, the others a Promise', async () => {
  // A client on a port where nothing listens: each call fails, but only after
  // it has returned its Stream or Promise, which is what is checked here.
  const c = new LmforgeClient({ registry: '127.0.0.1:1', inference: '127.0.0.1:1', training: '127.0.0.1:1', timeoutMs: 2000 });
  const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8');
  try {
    for (const { rpc, requestStream, responseStream } of rpcs()) {
      const name = methodName(rpc);
      const declared = dts.match(new RegExp(`^\\s+${name}\\(.*\\): (\\w+)<`, 'm'));
      assert.ok(declared, `${name} has no single-line declaration`);
      if (responseStream) {
        const s = name === 'watchJob' ? c[name]('x') : c[name]({});
        assert.ok(s instanceof Stream, `${name} must return a Stream`);
        s.cancel();
        assert.equal(declared[1], 'Stream', `${name} must be declared as a Stream`);
      } else {
        const args = requestStream ? [{}, Buffer.alloc(0)] : [{}];
        const p = c[name](...args);
        assert.ok(p instanceof Promise, `${name} must return a Promise`);
        await p.catch(() => {});
        assert.equal(declared[1], 'Promise', `${name} must be declared as a Promise`);
      }
    }
  } finally {
    c.close();
  }
});

/** Relative path -> contents of every file under dir. */
function tree(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('types/ is up to date with the protos (node scripts/gen-types.js regenerates it)', () => {
  const fresh = fs.mkdtempSync(path.join(PKG, 'node_modules', '.lmforge-check-'));
  try {
    generate(fresh);
    const want = tree(fresh);
    const have = tree(path.join(PKG, 'types'));
    assert.deepEqual(Object.keys(have).sort(), Object.keys(want).sort(), 'files in types/ differ');
    const stale = Object.keys(want).filter((f) => want[f] !== have[f]);
    assert.deepEqual(stale, [], 'stale declarations: run `node scripts/gen-types.js`');
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
});

test('index.d.ts and types/ type-check under tsc --strict', () => {
  execFileSync(bin('tsc'), [
    '--noEmit', '--strict', '--types', 'node', '--module', 'commonjs', '--moduleResolution', 'node',
    '--target', 'es2020', path.join(PKG, 'test', 'typecheck.ts'),
  ], { cwd: PKG, stdio: 'pipe' });
});
