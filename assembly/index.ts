// The one WebAssembly module of Manouche. Each engine lives in its own file;
// this file only re-exports what JavaScript may call.
export { alloc, free } from "./memory";
export { routerCompile, routerFree, routerMatch, routerOutput, routerRejects } from "./router";
export { sqlCompile, sqlIdentCount, sqlIntern } from "./sql";
export { templateParse } from "./template";
