#!/usr/bin/env node
// Turns one of nsfwjs's bundled models (dist/models/NAME: model.min.js and its weight shards
// group1-shardIofN.min.js, UMD modules) into the files tfjs's own converter writes: model.json
// ({modelTopology, weightsManifest}) and weights.bin (every shard's bytes, in manifest order).
// The shards are base64 strings; they are decoded as nsfwjs's JSONHandler does (Buffer, base64).
//   node dump_nsfwjs_model.js MODEL_DIR OUT_DIR
"use strict";
const fs = require("fs");
const path = require("path");

const [modelDir, outDir] = process.argv.slice(2);
if (!modelDir || !outDir) {
  console.error("usage: node dump_nsfwjs_model.js MODEL_DIR OUT_DIR");
  process.exit(2);
}
const model = require(path.resolve(modelDir, "model.min.js"));
if (!model.modelTopology || !Array.isArray(model.weightsManifest)) {
  throw new Error(`${modelDir}/model.min.js does not export {modelTopology, weightsManifest}`);
}

// Bytes each stored element takes: quantised weights by their quantisation dtype.
const BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
let expected = 0;
const chunks = [];
for (const group of model.weightsManifest) {
  for (const w of group.weights) {
    const dtype = w.quantization ? w.quantization.dtype : w.dtype;
    if (!(dtype in BYTES)) throw new Error(`weight ${w.name}: unknown dtype ${dtype}`);
    expected += w.shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
  }
  for (const p of group.paths) {
    const shard = require(path.resolve(modelDir, `${p}.min.js`));
    if (typeof shard !== "string") throw new Error(`${p}.min.js exports a ${typeof shard}, not a base64 string`);
    chunks.push(Buffer.from(shard, "base64"));
  }
}
const weights = Buffer.concat(chunks);
if (weights.length !== expected) {
  throw new Error(`weights: ${weights.length} bytes decoded, the manifest describes ${expected}`);
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "model.json"),
  JSON.stringify({ modelTopology: model.modelTopology, weightsManifest: model.weightsManifest }));
fs.writeFileSync(path.join(outDir, "weights.bin"), weights);
const nWeights = model.weightsManifest.reduce((a, g) => a + g.weights.length, 0);
console.log(`dumped ${modelDir}: ${nWeights} weight tensors, ${weights.length} bytes`);
