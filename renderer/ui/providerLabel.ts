// Execution provider names as their vendors spell them, for every place that shows a device.
const PROVIDER_LABELS: Record<string, string> = {
  cpu: 'CPU',
  cuda: 'CUDA',
  tensorrt: 'TensorRT',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
  webnn: 'WebNN',
  wasm: 'WebAssembly',
  qnn: 'QNN',
  openvino: 'OpenVINO',
};

export function providerLabel(name: string): string {
  return PROVIDER_LABELS[name.toLowerCase()] ?? name;
}
