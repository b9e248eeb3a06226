// Public surface of `catalogue/`: everything other code may import from here.
export {};
