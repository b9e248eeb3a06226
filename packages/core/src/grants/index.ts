// Public surface of `grants/`: everything other code may import from here.
export type { CounterGrant } from './counter-grant.js';
