/**
 * What apps hook into migrate: the post_migrate signal and the history
 * upgrades run before planning. Its own module so that an app connecting
 * to them at import (auth, contenttypes) does not load the migration engine,
 * which only the management commands need.
 */
import type { AppConfig } from '../../apps/config';
import type { Backend } from '../backends/base';
import { Signal } from '../models/signals';
import type { PlanStep } from './executor';
import type { MigrationRecorder } from './recorder';

/**
 * Sent after migrate, once per installed app (Django's post_migrate): the
 * auth app creates its permissions here.
 */
export const postMigrate = new Signal<{ appConfig: AppConfig; using: string; backend: Backend; plan: PlanStep[] }>();

/**
 * A step migrate runs on the history before it plans: an app whose shipped
 * migrations were once folded into one records the ones the folded migration
 * stood for (see contrib/contenttypes/migrations/folded.ts).
 */
export type HistoryUpgrade = (backend: Backend, recorder: MigrationRecorder) => Promise<void>;
export const historyUpgrades = new Set<HistoryUpgrade>();

export function registerHistoryUpgrade(upgrade: HistoryUpgrade): void {
  historyUpgrades.add(upgrade);
}
