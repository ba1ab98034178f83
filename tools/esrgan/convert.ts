// Converts the ESRGAN-slim (RDN) super-resolution models from @upscalerjs/esrgan-slim (MIT,
// TensorFlow.js layers format) into Atelier starter models:
//   resources/models/esrgan-x{2,4}/model.onnx   NHWC float32 0–255 in and out, dynamic H and W
//   resources/models/esrgan-x{2,4}/atelier.json what the runtime needs to know (scale, layout, range…)
// The model cards (README.md beside them) are written by hand from tools/esrgan/bench.ts and
// tests/integration/esrgan.test.ts.
//
//   npx tsx tools/esrgan/convert.ts [--scales 2,4] [--out resources/models]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertLayersModel } from './layers-to-onnx';
import { SOURCE_PACKAGE, readSourceModel } from './source';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const scales = arg('--scales', '2,4').split(',').map(Number);
  const outRoot = resolve(arg('--out', join(__dirname, '../../resources/models')));

  for (const scale of scales) {
    const src = readSourceModel(scale);
    const result = convertLayersModel(src.json, src.shard);
    if (result.scale !== scale) throw new Error(`models/x${scale} upscales by ${result.scale}`);
    const dir = join(outRoot, `esrgan-x${scale}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.onnx'), result.onnx);
    const shards = src.json.weightsManifest.flatMap((g) => g.paths);
    const meta = {
      kind: 'upscaler',
      id: `esrgan-x${scale}`,
      name: `ESRGAN enhance ×${scale}`,
      scale,
      file: 'model.onnx',
      input: 'image',
      output: 'upscaled',
      inputLayout: 'NHWC',
      channels: 3,
      range: [0, 255],
      clipped: false,
      receptiveRadius: result.receptiveRadius,
      parameters: result.parameters,
      source: {
        package: SOURCE_PACKAGE,
        version: src.version,
        files: {
          [`models/x${scale}/model.json`]: sha256(src.jsonBytes),
          ...Object.fromEntries(shards.map((p) => [`models/x${scale}/${p}`, sha256(src.shard(p))])),
        },
        architecture: 'RDN (idealo ISR), C=1 D=2 G=4 G0=64 T=10, trained on DIV2K',
      },
      licence: 'MIT',
      sha256: sha256(result.onnx),
    };
    writeFileSync(join(dir, 'atelier.json'), `${JSON.stringify(meta, null, 2)}\n`);
    console.log(
      `esrgan-x${scale}: ${(result.onnx.byteLength / 1024).toFixed(0)} KiB, ${result.parameters} parameters, receptive radius ${result.receptiveRadius} px\n` +
        `  layers: ${JSON.stringify(result.layerTypes)}\n  onnx ops: ${JSON.stringify(result.onnxOps)}`,
    );
  }
}

main();
