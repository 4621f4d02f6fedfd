'use strict';
/**
 * Generate the TypeScript declarations under types/ from the repository's protos.
 *
 *   node scripts/gen-types.js [OUT_DIR]      (default: types/)
 *
 * Two steps: `proto-loader-gen-types` (from @grpc/proto-loader) writes one .ts
 * file per message, enum and service, with the same loader options index.js
 * uses (camelCase, enums as names, int64 as numbers, defaults, oneofs); tsc then
 * turns them into .d.ts files, so the package ships declarations only and a
 * consumer never compiles our sources. test/types.test.js regenerates into a
 * temporary folder and fails when types/ differs, so a proto change without a
 * regeneration is caught.
 */

const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '..');
const PROTOS = ['registry', 'inference', 'training'].map((n) => `lmforge/v1/${n}.proto`);

function bin(name) {
  const p = path.join(PKG, 'node_modules', '.bin', name);
  if (!fs.existsSync(p)) throw new Error(`${name} is not installed: run \`npm ci\` in clients/node`);
  return p;
}

/** @param {string} out folder that receives the .d.ts tree (replaced) */
function generate(out) {
  // Work inside node_modules (ignored by git) so tsc resolves @grpc/* from here.
  const work = fs.mkdtempSync(path.join(PKG, 'node_modules', '.lmforge-gen-'));
  try {
    const ts = path.join(work, 'ts');
    // Run from the package folder with a relative include, so the "Original
    // file" comments the generator writes do not depend on where the repo is.
    execFileSync(bin('proto-loader-gen-types'), [
      '--longs=Number', '--enums=String', '--defaults', '--oneofs', '--includeComments',
      '--grpcLib=@grpc/grpc-js', '-I', '../../protos', '-O', ts, ...PROTOS,
    ], { cwd: PKG, stdio: ['ignore', 'ignore', 'inherit'] });
    const files = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) files.push(p);
      }
    };
    walk(ts);
    files.sort();
    const dts = path.join(work, 'dts');
    execFileSync(bin('tsc'), [
      '--declaration', '--emitDeclarationOnly', '--skipLibCheck', '--target', 'es2020',
      '--module', 'commonjs', '--moduleResolution', 'node', '--rootDir', ts, '--outDir', dts,
      '--types', 'node',
      ...files,
    ], { cwd: PKG, stdio: ['ignore', 'inherit', 'inherit'] });
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.cpSync(dts, out, { recursive: true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  generate(path.resolve(process.argv[2] || path.join(PKG, 'types')));
}

module.exports = { generate, bin };
