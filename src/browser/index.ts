/** Browser-only adapters (service worker, IndexedDB persistence) live here. */
export * from '../index';
export { IndexedDBStorage, type IndexedDBStorageOptions } from './storage';
