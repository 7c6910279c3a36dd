/** Django's DummyCache: caches nothing (development). */
import { ValueError } from '../../exceptions';
import { BaseCache, type CacheParams } from './base';

export class DummyCache extends BaseCache {
  constructor(_name = '', params: CacheParams = {}) {
    super(params);
  }
  async add(key: string): Promise<boolean> {
    this.makeAndValidateKey(key);
    return true;
  }
  async get<T>(key: string, defaultValue?: T): Promise<T | undefined> {
    this.makeAndValidateKey(key);
    return defaultValue;
  }
  async set(key: string): Promise<void> {
    this.makeAndValidateKey(key);
  }
  async touch(): Promise<boolean> {
    return false;
  }
  async delete(): Promise<boolean> {
    return false;
  }
  async hasKey(): Promise<boolean> {
    return false;
  }
  async incr(key: string): Promise<number> {
    throw new ValueError(`Key '${this.makeKey(key)}' not found`);
  }
  async clear(): Promise<void> {}
}
