export let a = 3;
