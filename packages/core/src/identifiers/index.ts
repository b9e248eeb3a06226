// Public surface of `identifiers/`: everything other code may import from here.
export {};
