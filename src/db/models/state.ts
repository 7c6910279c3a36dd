/**
 * Per-instance bookkeeping kept off the enumerable attributes: whether the
 * row is not saved yet (Django's `_state.adding`) and the related objects
 * loaded by select_related() or fetchRelated() (Django's field cache).
 */
export const ADDING: unique symbol = Symbol('adding');
export const RELATED: unique symbol = Symbol('related');
/** Objects loaded by prefetchRelated(), by relation name (Django's _prefetched_objects_cache). */
export const PREFETCHED: unique symbol = Symbol('prefetched');
/** The relation key a prefetch query reads along with each object. */
export const PREFETCH_KEY: unique symbol = Symbol('prefetchKey');
/** Fields an instance was loaded without (only() / defer()). */
export const DEFERRED: unique symbol = Symbol('deferred');
