// Public surface of `crypto/`: everything other code may import from here.
export {};
