export * from './types';
export * from './errors';
export * from './hashtag-name';
export * from './endpoints';
export * from './parse';
export * from './json';
export * from './page';
