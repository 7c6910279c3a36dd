/**
 * The @noble/hashes functions salted_hmac uses, in one module that
 * utils/crypto.ts imports on first use: importing @noble/hashes' own
 * modules dynamically would keep every export of each in a browser bundle
 * (a dynamic import's namespace is not tree-shaken), here only these stay.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export const noble = { hmac, hashes: { sha1, sha256, sha384, sha512 } };
