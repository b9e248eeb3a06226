// Public surface of `events/`: the entry points every domain's writes and reads go through.
export type { DomainEvent } from './domain-event.js';
export { type EventSink, type RecordedEvent, registerEventSink, registeredEventSinks } from './event-sink.js';
export { type LicenceAccess, recordAccess } from './record-access.js';
export { recordChunkEvents, recordEvent, recordEvents } from './record-event.js';
