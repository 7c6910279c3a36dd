/**
 * What the harness needs from a router: a lookup to time, and a way to turn
 * its answer into the common {route id, params as strings} shape to compare.
 */
import type { Normalized, RouteSet } from './route';

export interface Contender {
  readonly name: string;
  /**
   * The file the router's code was loaded from. Two contenders must not
   * share one: a benchmark once compared a build with itself by mistake.
   */
  readonly source: string;
  /** True for Manouche itself, false for the peers it is measured against. */
  readonly ours: boolean;
  /** One lookup, timed as is: it returns the router's own answer. */
  readonly lookup: (path: string) => unknown;
  /** The router's answer in the shape every contender shares; null for "not found". Not timed. */
  readonly normalize: (answer: unknown) => Normalized | null;
}

/** Builds a contender for a route set; throws when the router refuses the set. */
export interface ContenderFactory {
  readonly name: string;
  build(set: RouteSet): Contender;
}

/** Every parameter value as a string (Manouche's `int` converter yields numbers). */
export function stringParams(params: Readonly<Record<string, unknown>> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (params) for (const key of Object.keys(params)) out[key] = String(params[key]);
  return out;
}

