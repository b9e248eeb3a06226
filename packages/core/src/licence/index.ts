// Public surface of `licence/`: everything other code may import from here.
export {};
