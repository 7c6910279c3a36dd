/**
 * A Django project's URLconf, flattened: the admin, auth views, the polls
 * tutorial, a dated article archive, a small REST API with uuid keys, and a
 * few long static routes. Typed converters sit beside each other and static
 * routes beside parameter routes at the same position (`admin/login/` beside
 * `admin/<str:app_label>/`).
 *
 * The order is Django's declaration order and is written so that Django's
 * first match and the tries' "static beats parameter" agree on every path:
 * each static route comes before the parameter route it shadows.
 */
import type { RouteSet } from '../route';

export const django: RouteSet = {
  name: 'django',
  routes: [
    '',
    'robots.txt',
    'sitemap.xml',
    'healthz/',
    // django.contrib.admin
    'admin/',
    'admin/login/',
    'admin/logout/',
    'admin/password_change/',
    'admin/password_change/done/',
    'admin/autocomplete/',
    'admin/jsi18n/',
    'admin/r/<int:content_type_id>/<str:object_id>/',
    'admin/<str:app_label>/',
    'admin/<str:app_label>/<str:model_name>/',
    'admin/<str:app_label>/<str:model_name>/add/',
    'admin/<str:app_label>/<str:model_name>/<str:object_id>/change/',
    'admin/<str:app_label>/<str:model_name>/<str:object_id>/delete/',
    'admin/<str:app_label>/<str:model_name>/<str:object_id>/history/',
    // django.contrib.auth.urls
    'accounts/login/',
    'accounts/logout/',
    'accounts/password_change/',
    'accounts/password_change/done/',
    'accounts/password_reset/',
    'accounts/password_reset/done/',
    'accounts/reset/done/',
    'accounts/reset/<str:uidb64>/<str:token>/',
    'accounts/profile/',
    // the tutorial's polls app
    'polls/',
    'polls/<int:question_id>/',
    'polls/<int:question_id>/results/',
    'polls/<int:question_id>/vote/',
    // a dated archive (Django's documentation example)
    'articles/',
    'articles/archive/',
    'articles/<int:year>/',
    'articles/<int:year>/<int:month>/',
    'articles/<int:year>/<int:month>/<slug:slug>/',
    'articles/<int:year>/<int:month>/<slug:slug>/comments/',
    'articles/<int:year>/<int:month>/<slug:slug>/comments/<int:comment_id>/',
    // a blog with author pages beside static pages
    'blog/',
    'blog/feed/',
    'blog/tags/',
    'blog/tags/<slug:tag>/',
    'blog/<str:author>/',
    'blog/<str:author>/<slug:slug>/',
    // users: `me` beside the username
    'users/',
    'users/me/',
    'users/me/settings/',
    'users/<str:username>/',
    'users/<str:username>/followers/',
    'users/<str:username>/following/',
    // a REST API
    'api/v1/',
    'api/v1/users/',
    'api/v1/users/me/',
    'api/v1/users/<uuid:pk>/',
    'api/v1/users/<uuid:pk>/tokens/',
    'api/v1/orders/',
    'api/v1/orders/<uuid:pk>/',
    'api/v1/orders/<uuid:pk>/items/',
    'api/v1/orders/<uuid:pk>/items/<int:item_id>/',
    'api/v1/products/',
    'api/v1/products/<slug:slug>/',
    'api/v1/products/<slug:slug>/reviews/',
    'api/v1/products/<slug:slug>/reviews/<int:review_id>/',
    'api/v1/internal/metrics/prometheus/scrape/configuration/',
    // a shop with a deep typed route
    'shop/',
    'shop/cart/',
    'shop/checkout/',
    'shop/categories/<slug:category>/',
    'shop/categories/<slug:category>/products/<slug:product>/',
    'shop/categories/<slug:category>/products/<slug:product>/variants/<int:variant_id>/',
    // documentation pages
    'docs/',
    'docs/reference/contrib/staticfiles/management-commands/collectstatic/',
    'docs/topics/http/urls/',
    'docs/<slug:version>/<slug:section>/',
  ],
};
