// Type-level tests: checked by `tsc --noEmit` (npm test). A line marked with
// A line marked as an expected error that compiles fails the type check.
import { path, type RouteParams } from '../../src/index';

type Article = RouteParams<'articles/<int:year>/<slug:slug>/<name>/'>;
const ok: Article = { year: 2024, slug: 'hello', name: 'x' };
void ok;

// @ts-expect-error an int converter gives a number, not a string
const wrongType: Article = { year: '2024', slug: 'hello', name: 'x' };
void wrongType;

// @ts-expect-error a parameter missing from the type
const missing: Article = { year: 2024, name: 'x' };
void missing;

// A view's parameters are checked against its route.
path('articles/<int:year>/', (_request, params) => params.year.toFixed(0));
// @ts-expect-error `month` is not a parameter of this route
path('articles/<int:year>/', (_request, params) => params.month);
// @ts-expect-error `year` is a number: no string methods
path('articles/<int:year>/', (_request, params) => params.year.toUpperCase());
