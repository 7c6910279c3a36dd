/** The demo's front page: where to go, and the seeded superuser's credentials. */
import { render, type HttpRequest } from 'manouche';
import { DEMO_USER } from '../polls/seed';

export const templates = {
  'offline/home.html': `<!doctype html>
{% load static %}<html lang="en"><head><meta charset="utf-8"><title>Manouche offline demo</title>
<link rel="stylesheet" href="{% static 'polls/style.css' %}"></head>
<body>
<h1>Manouche, offline</h1>
<p>The polls app and its admin, served by a service worker from a SQLite database kept in this browser.</p>
<ul>
  <li><a href="{% url 'polls:index' %}">Polls</a></li>
  <li><a href="{% url 'admin:index' %}">Admin</a> &mdash; username <code id="demo-username">{{ username }}</code>, password <code id="demo-password">{{ password }}</code></li>
</ul>
</body></html>
`,
};

export function home(request: HttpRequest) {
  return render(request, 'offline/home.html', { ...DEMO_USER });
}
