// Public surface of `verify/`: everything other code may import from here.
export {};
