/**
 * When this copy of Manouche was built: `npm run build` (tsup.config.ts)
 * replaces __MANOUCHE_BUILT_AT__ with the time, in milliseconds. Files the
 * framework carries in memory (the admin's stylesheet and scripts) are as
 * old as that, so a second collectstatic copies none of them, and an
 * upgraded package (built later) copies them again. Run from source (tsx),
 * nothing is stamped: the time this module loaded stands in.
 */
declare const __MANOUCHE_BUILT_AT__: number | undefined;

export const builtAt: Date = new Date(typeof __MANOUCHE_BUILT_AT__ === 'number' ? __MANOUCHE_BUILT_AT__ : Date.now());
