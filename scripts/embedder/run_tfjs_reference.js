#!/usr/bin/env node
// Runs the original nsfwjs model with TensorFlow.js (pure-JS CPU backend) on the check inputs of
// make_check_inputs.py, writing float32 little-endian files into WORK_DIR:
//   tfjs-features.f32, tfjs-probabilities.f32  tf.loadLayersModel of WORK_DIR/model.json and
//       weights.bin (dump_nsfwjs_model.js) on inputs.f32: the flatten_1 output and dense_3's;
//   nsfwjs-features.f32, nsfwjs-probabilities.f32  nsfwjs's own load() and infer() on each decoded
//       picture's pixels (its preprocessing, its weight loading), for the inputs that have pixels.
//   node run_tfjs_reference.js NODE_DIR PACKAGE_DIR WORK_DIR
// NODE_DIR holds node_modules/@tensorflow/tfjs; PACKAGE_DIR is the extracted nsfwjs package.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [nodeDir, packageDir, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error("usage: node run_tfjs_reference.js NODE_DIR PACKAGE_DIR WORK_DIR");
  process.exit(2);
}
// nsfwjs requires "@tensorflow/tfjs" from NODE_DIR's node_modules: load that same copy, so that its
// `instanceof tf.Tensor` test sees our tensors.
const tf = createRequire(path.resolve(nodeDir, "package.json"))("@tensorflow/tfjs");
const FEATURES = "flatten_1";

function readF32(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}
function writeF32(file, arrays) {
  fs.writeFileSync(file, Buffer.concat(arrays.map((a) => Buffer.from(new Float32Array(a).buffer))));
}

async function main() {
  await tf.setBackend("cpu");
  const modelJson = JSON.parse(fs.readFileSync(path.join(workDir, "model.json"), "utf8"));
  const weights = fs.readFileSync(path.join(workDir, "weights.bin"));
  const handler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
    }),
  };
  const model = await tf.loadLayersModel(handler);
  const both = tf.model({ inputs: model.inputs, outputs: [model.getLayer(FEATURES).output, model.outputs[0]] });

  const spec = JSON.parse(fs.readFileSync(path.join(workDir, "inputs.json"), "utf8"));
  const [n, h, w, c] = spec.shape;
  const inputs = readF32(path.join(workDir, "inputs.f32"));
  const feats = [], probs = [];
  for (let i = 0; i < n; i++) {   // one at a time, as nsfwjs runs them
    const x = tf.tensor4d(inputs.subarray(i * h * w * c, (i + 1) * h * w * c), [1, h, w, c]);
    const [f, p] = both.predict(x);
    feats.push(await f.data());
    probs.push(await p.data());
    tf.dispose([x, f, p]);
    console.error(`tfjs: ${spec.inputs[i].name}`);
  }
  writeF32(path.join(workDir, "tfjs-features.f32"), feats);
  writeF32(path.join(workDir, "tfjs-probabilities.f32"), probs);

  const nsfwjs = require(path.resolve(packageDir, "dist/cjs/index.js"));
  const net = await nsfwjs.load("MobileNetV2");
  const nFeats = [], nProbs = [];
  for (const rec of spec.inputs.filter((r) => r.pixels)) {
    const px = fs.readFileSync(path.join(workDir, rec.pixels));
    const img = tf.tensor3d(new Int32Array(px), [rec.height, rec.width, 3], "int32");
    const f = net.infer(img, FEATURES);
    const p = net.infer(img);
    nFeats.push(await f.data());
    nProbs.push(await p.data());
    tf.dispose([img, f, p]);
    console.error(`nsfwjs: ${rec.name}`);
  }
  writeF32(path.join(workDir, "nsfwjs-features.f32"), nFeats);
  writeF32(path.join(workDir, "nsfwjs-probabilities.f32"), nProbs);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
