// Preloaded (node -r) into the compiled commands under test: TypeScript tooling counts as absent, so a
// require of typescript, ts-node or tsx fails as it would after `npm ci --omit=dev`.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(typescript|ts-node|tsx)(\/|$)/.test(request)) throw new Error(`TypeScript tooling is absent: ${request} was required`);
  return resolve.call(this, request, ...rest);
};
