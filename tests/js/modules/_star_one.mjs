export let a = 1;
export let b = 2;
