// Public surface of `canonical/`: everything other code may import from here.
export {};
