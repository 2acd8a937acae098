export * from './organization';
export * from './instruments';
export * from './responses';
export * from './kiosk';
export * from './access';
export * from './rollups';
export * from './accounts';
export * from './follow-up';
