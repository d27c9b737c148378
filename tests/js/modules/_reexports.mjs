// Re-exports: named, renamed, star, star as namespace.
export { count, increment as bump } from './_counter.mjs';
export * from './_shapes.mjs';
export * as counter from './_counter.mjs';
import { label } from './_counter.mjs';
export { label as relabelled };
