// Reads the ESRGAN-slim layers models from the installed @upscalerjs/esrgan-slim package
// (a devDependency: the converter and the tfjs comparison test need it, the app does not).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LayersModelJson } from './layers-to-onnx';

export const SOURCE_PACKAGE = '@upscalerjs/esrgan-slim';

/** The installed package's folder (its `exports` map hides package.json from require.resolve). */
export function sourcePackageDir(): string {
  for (const base of createRequire(__filename).resolve.paths(SOURCE_PACKAGE) ?? []) {
    const dir = join(base, SOURCE_PACKAGE);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`${SOURCE_PACKAGE} is not installed (it is a devDependency: run npm ci)`);
}

export interface SourceModel {
  dir: string;
  version: string;
  json: LayersModelJson;
  jsonBytes: Buffer;
  shard: (path: string) => Buffer;
}

export function readSourceModel(scale: number): SourceModel {
  const pkg = sourcePackageDir();
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(pkg, 'models', `x${scale}`);
  const jsonBytes = readFileSync(join(dir, 'model.json'));
  return { dir, version, json: JSON.parse(jsonBytes.toString('utf8')) as LayersModelJson, jsonBytes, shard: (p) => readFileSync(join(dir, p)) };
}
