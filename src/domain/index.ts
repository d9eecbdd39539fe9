export * from './enums.ts';
export * from './errors.ts';
export * from './license.ts';
export * from './model.ts';
export * from './organization.ts';
export * from './release-date.ts';
export * from './source.ts';
