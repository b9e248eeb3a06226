// Public surface of `status/`: everything other code may import from here.
export {};
