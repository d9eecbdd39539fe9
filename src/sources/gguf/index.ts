export * from './read-gguf-params.ts';
