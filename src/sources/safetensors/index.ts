export * from './count-safetensors-params.ts';
export * from './read-safetensors-header.ts';
export * from './read-safetensors-params.ts';
