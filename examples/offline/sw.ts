/**
 * The demo's browser entry, bundled by `manouche build --browser`: in the
 * service worker it answers the pages' requests; in a page without one it
 * runs the app there (start() picks).
 */
import { start } from 'manouche/browser';
import { prepare } from './seed';
import { settings } from './settings';

start({ settings, prepare });
