export * from './organization';
export * from './instruments';
export * from './responses';
