// Prints what depends on a flag: `Tetra` is an object with --expose-natives, else undefined.
console.log(typeof Tetra);
