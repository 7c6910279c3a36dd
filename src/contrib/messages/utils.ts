import { settings } from '../../conf/settings';
import { DEFAULT_TAGS } from './constants';

/** Level → tag: Django's defaults overridden by MESSAGE_TAGS (Django's get_level_tags). */
export function getLevelTags(): Record<number, string> {
  return { ...DEFAULT_TAGS, ...((settings.MESSAGE_TAGS as Record<number, string> | undefined) ?? {}) };
}
