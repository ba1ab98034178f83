// Verify resources/models/starter-gan/generator.onnx with onnxruntime-node
// against the PyTorch reference written by export_onnx.py.
//   node tools/image-gan/verify_onnx.mjs [modelDir] [reference.json]
// Checks the I/O names, types and shapes, a batch of 20 and a batch of 1
// (dynamic batch) against PyTorch within 1e-4, and the output range.
// Exits 1 on failure.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ort from "onnxruntime-node";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = process.argv[2] ?? path.join(here, "../../resources/models/starter-gan");
const refPath = process.argv[3] ?? "/tmp/atelier-gan/reference.json";
const ref = JSON.parse(fs.readFileSync(refPath, "utf8"));
const meta = JSON.parse(fs.readFileSync(path.join(modelDir, "atelier.json"), "utf8"));
const TOL = 1e-4;
let ok = true;
const check = (pass, msg) => { ok &&= pass; console.log(`${pass ? "PASS" : "FAIL"} ${msg}`); };

const session = await ort.InferenceSession.create(path.join(modelDir, "generator.onnx"));
console.log(`onnxruntime-node ${ort.env.versions?.common ?? ""}`);
console.log("inputs:", session.inputNames.join(", "), "| outputs:", session.outputNames.join(", "));
check(session.inputNames.join() === "z,class_id" && session.outputNames.join() === "image", "I/O names z, class_id -> image");
check(meta.kind === "gan" && meta.latentDim === 64 && meta.classes.length === 10 && meta.imageSize === 28 && meta.channels === 1,
  "atelier.json fields");
check(meta.classes.every((c) => Array.isArray(meta.keywords[c]) && meta.keywords[c].length > 0), "keywords for every class");

for (const c of ref.cases) {
  const n = c.batch;
  const feeds = {
    z: new ort.Tensor("float32", Float32Array.from(c.z), [n, meta.latentDim]),
    class_id: new ort.Tensor("int64", BigInt64Array.from(c.class_id.map(BigInt)), [n]),
  };
  const { image } = await session.run(feeds);
  check(image.type === "float32" && image.dims.join() === [n, 1, 28, 28].join(), `batch ${n}: image float32 [${image.dims}]`);
  let d = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < image.data.length; i++) {
    d = Math.max(d, Math.abs(image.data[i] - c.image[i]));
    lo = Math.min(lo, image.data[i]); hi = Math.max(hi, image.data[i]);
  }
  check(d <= TOL, `batch ${n}: max |onnxruntime - PyTorch| = ${d.toExponential(3)} (tol ${TOL})`);
  check(lo >= -1 && hi <= 1, `batch ${n}: range [${lo.toFixed(4)}, ${hi.toFixed(4)}] within [-1, 1]`);
}
// same z, different classes must give different images (the label is used)
{
  const z = new Float32Array(64).map((_, i) => Math.sin(i + 1));
  const zz = new Float32Array(128); zz.set(z, 0); zz.set(z, 64);
  const { image } = await session.run({
    z: new ort.Tensor("float32", zz, [2, 64]),
    class_id: new ort.Tensor("int64", BigInt64Array.from([1n, 8n]), [2]),
  });
  let d = 0;
  for (let i = 0; i < 784; i++) d += Math.abs(image.data[i] - image.data[784 + i]);
  check(d / 784 > 0.05, `class_id changes the image (mean |trouser - bag| = ${(d / 784).toFixed(3)})`);
}
console.log(ok ? "ALL PASS" : "SOME CHECKS FAILED");
process.exit(ok ? 0 : 1);
