/** Every contender, Manouche first, in the order the tables list them. */
import type { ContenderFactory } from '../contender';
import { manouche } from './manouche';
import { medley } from './medley';
import { memoirist } from './memoirist';
import { findMyWay } from './find-my-way';
import { rou3, rou3Compiled } from './rou3';
import { honoRegExp, honoTrie } from './hono';
import { pathToRegexp } from './path-to-regexp';

export const CONTENDERS: readonly ContenderFactory[] = [
  manouche,
  medley,
  memoirist,
  findMyWay,
  rou3,
  rou3Compiled,
  honoTrie,
  honoRegExp,
  pathToRegexp,
];
