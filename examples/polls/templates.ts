/** The tutorial's templates (polls/templates/polls/*.html), as Django writes them. */
export const templates = {
  'polls/base.html': `<!doctype html>
{% load static %}<html lang="en"><head><meta charset="utf-8"><title>{% block title %}Polls{% endblock %}</title>
<link rel="stylesheet" href="{% static 'polls/style.css' %}"></head>
<body>{% block content %}{% endblock %}</body></html>
`,
  'polls/index.html': `{% extends "polls/base.html" %}
{% block content %}
{% if latest_question_list %}
    <ul>
    {% for question in latest_question_list %}
        <li><a href="{% url 'polls:detail' question.id %}">{{ question.question_text }}</a></li>
    {% endfor %}
    </ul>
{% else %}
    <p>No polls are available.</p>
{% endif %}
{% endblock %}
`,
  'polls/detail.html': `{% extends "polls/base.html" %}
{% block title %}{{ question.question_text }}{% endblock %}
{% block content %}
<form action="{% url 'polls:vote' question.id %}" method="post">
{% csrf_token %}
<fieldset>
    <legend><h1>{{ question.question_text }}</h1></legend>
    {% if error_message %}<p><strong>{{ error_message }}</strong></p>{% endif %}
    {% for choice in choices %}
        <input type="radio" name="choice" id="choice{{ forloop.counter }}" value="{{ choice.id }}">
        <label for="choice{{ forloop.counter }}">{{ choice.choice_text }}</label><br>
    {% endfor %}
</fieldset>
<input type="submit" value="Vote">
</form>
{% endblock %}
`,
  'polls/results.html': `{% extends "polls/base.html" %}
{% block title %}{{ question.question_text }}{% endblock %}
{% block content %}
<h1>{{ question.question_text }}</h1>

<ul>
{% for choice in choices %}
    <li>{{ choice.choice_text }} -- {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>
{% endfor %}
</ul>

<a href="{% url 'polls:detail' question.id %}">Vote again?</a>
{% endblock %}
`,
};
