/** sessions' migrations, for defineApp({ migrations }). */
import m0001 from './0001_initial';

export const sessionsMigrations = { '0001_initial': m0001 };
