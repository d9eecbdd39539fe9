export * from './read-hf-config.ts';
