// `import files from './folder/?files'`: the folder's files as a module, made by
// `manouche build --browser` (src/node/browser-build.ts): text as strings, the rest as bytes.
declare module '*?files' {
  const files: Record<string, string | Uint8Array>;
  export default files;
}
