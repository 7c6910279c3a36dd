/**
 * The admin's templates (django/contrib/admin/templates/admin/), in memory so
 * the admin runs without a file system. They are the admin app's `templates`:
 * a project overrides any of them (or admin/<app>/<model>/change_form.html
 * and the other per-model names) through DIRS or OPTIONS.templates, which
 * are searched before installed apps, as in Django.
 */
const base = `<!DOCTYPE html>
<html lang="en-us">
<head>
<meta charset="utf-8">
<title>{% block title %}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="robots" content="NONE,NOARCHIVE">
{% if stylesheet %}<link rel="stylesheet" href="{{ stylesheet }}">{% endif %}{% if widgets_stylesheet %}<link rel="stylesheet" href="{{ widgets_stylesheet }}">{% endif %}
{% block extrastyle %}{% endblock %}{% block extrahead %}{% endblock %}
</head>
<body class="{% block bodyclass %}{% endblock %}">
<a href="#content-start" class="skip-to-content-link">Skip to main content</a>
<div id="container">
<header id="header">
<div id="branding">{% block branding %}{% endblock %}</div>
{% block usertools %}{% if has_permission %}<div id="user-tools">Welcome, <strong>{{ user_display }}</strong>.
{% if site_url %}<a href="{{ site_url }}">View site</a> /{% endif %}
{% if password_change_url %}<a href="{{ password_change_url }}">Change password</a> /{% endif %}
<form id="logout-form" method="post" action="{{ logout_url }}">{% csrf_token %}<button type="submit">Log out</button></form>
</div>{% endif %}{% endblock %}
</header>
{% block nav_breadcrumbs %}<nav class="breadcrumbs" aria-label="Breadcrumbs">{% block breadcrumbs %}<a href="{{ index_url }}">Home</a>{% if title %} › {{ title }}{% endif %}{% endblock %}</nav>{% endblock %}
<main id="main">
{% block messages %}{% if messages %}<ul class="messagelist">{% for message in messages %}<li{% if message.tags %} class="{{ message.tags }}"{% endif %}>{{ message.text|capfirst }}</li>{% endfor %}</ul>{% endif %}{% endblock %}
<div id="content" class="{% block coltype %}colM{% endblock %}">
<a id="content-start" tabindex="-1"></a>
{% block pretitle %}{% endblock %}
{% block content_title %}{% if title %}<h1>{{ title }}</h1>{% endif %}{% endblock %}
{% block content_subtitle %}{% if subtitle %}<h2>{{ subtitle }}</h2>{% endif %}{% endblock %}
{% block content %}{{ content }}{% endblock %}
{% block sidebar %}{% endblock %}
</div>
</main>
{% block footer %}<footer id="footer"></footer>{% endblock %}
</div>
</body>
</html>
`;

const baseSite = `{% extends "admin/base.html" %}
{% block title %}{% if subtitle %}{{ subtitle }} | {% endif %}{{ title }} | {{ site_title }}{% endblock %}
{% block branding %}<div id="site-name"><a href="{{ index_url }}">{{ site_header }}</a></div>{% endblock %}
`;

const appList = `{% if app_list %}{% for app in app_list %}<div class="app-{{ app.appLabel }} module">
<table>
<caption><a href="{{ app.appUrl }}" class="section" title="Models in the {{ app.name }} application">{{ app.name }}</a></caption>
<tbody>
{% for model in app.models %}<tr class="model-{{ model.objectName|lower }}">
{% if model.adminUrl %}<th scope="row"><a href="{{ model.adminUrl }}">{{ model.name }}</a></th>{% else %}<th scope="row">{{ model.name }}</th>{% endif %}
{% if model.addUrl %}<td><a href="{{ model.addUrl }}" class="addlink">Add</a></td>{% else %}<td></td>{% endif %}
{% if model.adminUrl %}{% if model.viewOnly %}<td><a href="{{ model.adminUrl }}" class="viewlink">View</a></td>{% else %}<td><a href="{{ model.adminUrl }}" class="changelink">Change</a></td>{% endif %}{% else %}<td></td>{% endif %}
</tr>{% endfor %}
</tbody>
</table>
</div>{% endfor %}{% else %}<p>You don’t have permission to view or edit anything.</p>{% endif %}
`;

const index = `{% extends "admin/base_site.html" %}
{% block bodyclass %}dashboard{% endblock %}
{% block coltype %}colMS{% endblock %}
{% block nav_breadcrumbs %}{% endblock %}
{% block content %}<div id="content-main">{% include "admin/app_list.html" %}</div>{% endblock %}
{% block sidebar %}<div id="content-related"><section class="module" id="recent-actions-module" aria-labelledby="recent-actions-title">
<h2 id="recent-actions-title">Recent actions</h2>
<h3>My actions</h3>
{% if recent_actions %}<ul class="actionlist">{% for entry in recent_actions %}<li class="{{ entry.flag }}">{% if entry.url %}<a href="{{ entry.url }}">{{ entry.repr }}</a>{% else %}{{ entry.repr }}{% endif %}<br><span class="mini quiet">{{ entry.model }}</span></li>{% endfor %}</ul>{% else %}<p>None available</p>{% endif %}
</section></div>{% endblock %}
`;

const appIndex = `{% extends "admin/index.html" %}
{% block bodyclass %}app-{{ app_label }} app-index{% endblock %}
{% block nav_breadcrumbs %}<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="{{ index_url }}">Home</a> › {{ app_verbose_name }}</nav>{% endblock %}
{% block sidebar %}{% endblock %}
`;

const crumbs = `<a href="{{ index_url }}">Home</a> › <a href="{{ app_list_url }}">{{ app_verbose_name }}</a> › `;

const changeList = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} change-list{% endblock %}
{% block breadcrumbs %}${crumbs}{{ verbose_name_plural|capfirst }}{% endblock %}
{% block coltype %}flex{% endblock %}
{% block extrahead %}{% for src in admin_scripts %}<script src="{{ src }}" defer></script>
{% endfor %}{{ media }}{% endblock %}
{% block content %}<div id="content-main">
{% block object_tools %}{% if has_add_permission and not is_popup %}<ul class="object-tools"><li><a href="{{ add_url }}" class="addlink">Add {{ verbose_name }}</a></li></ul>{% endif %}{% endblock %}
<div class="module{% if has_filters %} filtered{% endif %}" id="changelist">
<div class="changelist-form-container">
{% block search %}{% if search_fields %}<div id="toolbar"><form id="changelist-search" method="get" role="search">
<div><label for="searchbar" class="visually-hidden">Search {{ verbose_name_plural }}</label>
<input type="search" size="40" name="q" value="{{ query }}" id="searchbar">
<input type="submit" value="Search">
{% if show_full_count %}<span class="small quiet">{{ result_count }} result{{ result_count|pluralize }} (<a href="{{ clear_search_url }}">{{ full_result_count }} total</a>)</span>{% endif %}
{% for pair in hidden_params %}<input type="hidden" name="{{ pair.0 }}" value="{{ pair.1 }}">{% endfor %}
</div></form></div>{% endif %}{% endblock %}
{% block date_hierarchy %}{% if date_hierarchy %}{% include "admin/date_hierarchy.html" %}{% endif %}{% endblock %}
<form id="changelist-form" method="post"{% if formset and formset.isMultipart %} enctype="multipart/form-data"{% endif %} novalidate>{% csrf_token %}
{% if formset_errors %}<p class="errornote" role="alert">{% if formset_errors == 1 %}Please correct the error below.{% else %}Please correct the errors below.{% endif %}</p>{{ formset.nonFormErrors }}{% endif %}
{% if actions_on_top and rows %}{% include "admin/actions.html" %}{% endif %}
<div class="results">
{% if rows %}<table id="result_list">
<thead><tr>{% for h in headers %}<th scope="col" class="{{ h.classAttrib }}">
{% if h.sorted %}<div class="sortoptions"><a class="sortremove" href="{{ h.urlRemove }}" title="Remove from sorting" aria-label="Remove from sorting"></a>{% if h.sortPriority > 1 %}<span class="sortpriority" title="Sorting priority: {{ h.sortPriority }}">{{ h.sortPriority }}</span>{% endif %}<a href="{{ h.urlToggle }}" class="toggle {% if h.ascending %}ascending{% else %}descending{% endif %}" title="Toggle sorting" aria-label="Toggle sorting"></a></div>{% endif %}
{% if h.classAttrib == "action-checkbox-column" %}<div class="text"><span><input type="checkbox" id="action-toggle" aria-label="Select all objects on this page for an action"></span></div>{% else %}<div class="text">{% if h.sortable %}<a href="{{ h.urlPrimary }}">{{ h.text|capfirst }}</a>{% else %}<span>{{ h.text|capfirst }}</span>{% endif %}</div>{% endif %}
</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}{% if row.0.row_errors %}<tr class="row-errors"><td colspan="{{ row|length }}">{{ row.0.row_errors }}</td></tr>{% endif %}<tr>{% for cell in row %}{% if cell.first %}<th class="{{ cell.classAttrib }}">{% else %}<td class="{{ cell.classAttrib }}">{% endif %}{% if cell.checkbox %}<input type="checkbox" name="_selected_action" value="{{ cell.checkbox.value }}" class="action-select" aria-label="Select this object for an action - {{ cell.checkbox.label }}">{% endif %}{% if cell.html %}{{ cell.html }}{% else %}{% if cell.link %}<a href="{{ cell.link }}"{% if cell.popup %} data-popup-opener="{{ cell.popup }}"{% endif %}>{% endif %}{% if cell.icon %}<img src="{{ cell.icon }}" alt="{{ cell.alt }}" width="13" height="13">{% else %}{{ cell.text }}{% endif %}{% if cell.link %}</a>{% endif %}{% endif %}{% if cell.first %}</th>{% else %}</td>{% endif %}{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% for field in result_hidden_fields %}{{ field }}{% endfor %}
{% else %}<p class="empty">No {{ verbose_name_plural }} {% if query or show_full_count %}match your search and filters{% else %}yet{% endif %}.</p>{% endif %}
</div>
{% if actions_on_bottom and rows %}{% include "admin/actions.html" %}{% endif %}
{% if formset %}<div>{{ formset.managementForm }}</div>{% if result_count %}<p class="submit-row list-editable-save"><input type="submit" name="_save" class="button default" value="Save"></p>{% endif %}{% endif %}
</form>
<p class="paginator">{% for page in pages %}{% if page.ellipsis %}<span class="ellipsis">…</span> {% elif page.current %}<span class="this-page" aria-current="page">{{ page.number }}</span> {% else %}<a href="{{ page.url }}"{% if forloop.last %} class="end"{% endif %}>{{ page.number }}</a> {% endif %}{% endfor %}
{{ result_count }} {{ result_count_name }}{% if show_all_url %}&nbsp;&nbsp;<a href="{{ show_all_url }}" class="showall">Show all</a>{% endif %}</p>
</div>
{% block filters %}{% if has_filters %}<nav id="changelist-filter" aria-labelledby="changelist-filter-header">
<h2 id="changelist-filter-header">Filter</h2>
{% for spec in filters %}<details open><summary>By {{ spec.title }}</summary><ul>{% for choice in spec.choices %}<li{% if choice.selected %} class="selected"{% endif %}><a href="{{ choice.queryString }}"{% if choice.selected %} aria-current="true"{% endif %}>{{ choice.display }}</a></li>{% endfor %}</ul></details>
{% endfor %}</nav>{% endif %}{% endblock %}
</div>
</div>{% endblock %}
`;

const actions = `<div class="actions">
<label>Action: <select name="action" required>
<option value="" selected>---------</option>
{% for a in action_choices %}<option value="{{ a.name }}">{{ a.description }}</option>
{% endfor %}</select></label>
<input type="hidden" name="select_across" value="0" class="select-across">
<button type="submit" class="button" title="Run the selected action" name="index" value="0">Go</button>
<span class="action-counter" data-actions-icnt="{{ rows|length }}">{{ selection_note }}</span>
{% if show_select_all %}<span class="all hidden">{{ selection_note_all }}</span>
<span class="question hidden"><a role="button" href="#" title="Click here to select the objects across all pages">{{ select_all_text }}</a></span>
<span class="clear hidden"><a role="button" href="#">Clear selection</a></span>{% endif %}
</div>
`;

const dateHierarchy = `<nav class="toplinks" aria-label="Dates">
{% if date_hierarchy.back %}<a href="{{ date_hierarchy.back.link }}" class="date-back">&lsaquo; {{ date_hierarchy.back.title }}</a>{% endif %}
{% for choice in date_hierarchy.choices %}{% if choice.link %}<a href="{{ choice.link }}">{{ choice.title }}</a>{% else %}<span aria-current="page">{{ choice.title }}</span>{% endif %}
{% endfor %}</nav>
`;

const deleteSelectedConfirmation = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} delete-confirmation delete-selected-confirmation{% endblock %}
{% block breadcrumbs %}${crumbs}<a href="{{ changelist_url }}">{{ verbose_name_plural|capfirst }}</a> › Delete multiple objects{% endblock %}
{% block content %}{% if perms_lacking %}
<p>Deleting the selected {{ objects_name }} would result in deleting related objects, but your account doesn’t have permission to delete the following types of objects:</p>
<ul>{% for obj in perms_lacking %}<li>{{ obj }}</li>{% endfor %}</ul>
{% elif protected %}
<p>Deleting the selected {{ objects_name }} would require deleting the following protected related objects:</p>
<ul>{% for obj in protected %}<li>{{ obj }}</li>{% endfor %}</ul>
{% else %}
<p>Are you sure you want to delete the selected {{ objects_name }}? All of the following objects and their related items will be deleted:</p>
<h2>Summary</h2>
<ul>{% for s in summary %}<li>{{ s.name|capfirst }}: {{ s.count }}</li>{% endfor %}</ul>
<h2>Objects</h2>
<ul id="deleted-objects">{% for o in deleted_objects %}<li>{% if o.url %}<a href="{{ o.url }}">{{ o.label }}</a>{% else %}{{ o.label }}{% endif %}</li>{% endfor %}</ul>
<form method="post">{% csrf_token %}<div class="submit-row">
{% for obj in queryset %}<input type="hidden" name="_selected_action" value="{{ obj.pk }}">{% endfor %}
<input type="hidden" name="action" value="{{ action_name }}">
<input type="hidden" name="post" value="yes">
<input type="submit" value="Yes, I’m sure" class="danger">
<a href="{{ changelist_url }}" class="button cancel-link">No, take me back</a>
</div></form>
{% endif %}{% endblock %}
`;

const fieldset = `<fieldset class="module aligned {{ fieldset.classes }}">
{% if fieldset.name %}{% if fieldset.is_collapsible %}<details><summary>{% endif %}<h2 class="fieldset-heading">{{ fieldset.name }}</h2>{% if fieldset.is_collapsible %}</summary>{% endif %}{% endif %}
{% if fieldset.description %}<div class="description">{{ fieldset.description }}</div>{% endif %}
{% for line in fieldset.lines %}<div class="form-row{% if line.has_errors %} errors{% endif %}{% for field in line.fields %} field-{{ field.name }}{% endfor %}">
{% for field in line.fields %}<div{% if line.fields|length > 1 %} class="fieldBox field-{{ field.name }}"{% endif %}>
{% if field.readonly %}<div class="flex-container"><label>{{ field.label }}:</label><div class="readonly">{{ field.contents }}</div></div>
{% else %}{{ field.bf.errors }}<div class="flex-container{% if field.is_checkbox %} checkbox-row{% endif %}">{% if field.is_checkbox %}{{ field.bf }}{{ field.label_html }}{% else %}{{ field.label_html }}{{ field.bf }}{% endif %}</div>
{% if field.bf.help_text %}<div class="help" id="{{ field.bf.auto_id }}_helptext">{{ field.bf.help_text|safe }}</div>{% endif %}{% endif %}
</div>{% endfor %}
</div>{% endfor %}
{% if fieldset.is_collapsible %}</details>{% endif %}
</fieldset>
`;

const submitLine = `<div class="submit-row">
{% if has_editable %}<input type="submit" value="Save" class="default" name="_save">{% endif %}
{% if show_save_as_new %}<input type="submit" value="Save as new" name="_saveasnew">{% endif %}
{% if has_editable and has_add_permission and show_save_and_add_another %}<input type="submit" value="Save and add another" name="_addanother">{% endif %}
{% if has_editable and not is_popup %}<input type="submit" value="Save and continue editing" name="_continue">{% endif %}
{% if not has_editable %}<a href="{{ changelist_url }}" class="closelink">Close</a>{% endif %}
{% if has_delete_permission and change %}<a href="{{ delete_url }}" class="deletelink">Delete</a>{% endif %}
</div>
`;

const changeForm = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} change-form{% endblock %}
{% block extrahead %}{% for src in admin_scripts %}<script src="{{ src }}" defer></script>
{% endfor %}{{ media }}{% endblock %}
{% block breadcrumbs %}${crumbs}<a href="{{ changelist_url }}">{{ verbose_name_plural|capfirst }}</a> › {% if add %}Add {{ verbose_name }}{% else %}{{ original|truncatewords:"18" }}{% endif %}{% endblock %}
{% block content %}<div id="content-main">
{% block object_tools %}{% if change %}<ul class="object-tools"><li><a href="{{ history_url }}" class="historylink">History</a></li>{% if view_on_site_url %}<li><a href="{{ view_on_site_url }}" class="viewsitelink">View on site</a></li>{% endif %}</ul>{% endif %}{% endblock %}
<form {% if is_multipart %}enctype="multipart/form-data" {% endif %}method="post" id="{{ opts.modelName }}_form" novalidate>{% csrf_token %}
<div>{% if is_popup %}<input type="hidden" name="_popup" value="1">{% endif %}{% if to_field %}<input type="hidden" name="_to_field" value="{{ to_field }}">{% endif %}
{% if save_on_top %}{% include "admin/submit_line.html" %}{% endif %}
{% if error_count %}<p class="errornote" role="alert">{% if error_count == 1 %}Please correct the error below.{% else %}Please correct the errors below.{% endif %}</p>{{ errors }}{% endif %}
{% for fieldset in fieldsets %}{% include "admin/includes/fieldset.html" %}{% endfor %}
{% block inline_field_sets %}{% for inline_admin_formset in inline_admin_formsets %}{% include inline_admin_formset.template %}{% endfor %}{% endblock %}
{% include "admin/submit_line.html" %}
{% if prepopulated_json %}<script id="django-admin-prepopulated-fields-constants" type="application/json" data-prepopulated-fields="{{ prepopulated_json }}">{}</script>{% endif %}
</div>
</form></div>{% endblock %}
`;

/** Django's popup_response.html: the script element carries the data RelatedObjectLookups.js hands to the opener. */
const popupResponse = `<!DOCTYPE html>
<html lang="en-us">
<head><meta charset="utf-8"><title>Popup closing…</title></head>
<body>
<script id="django-admin-popup-response-constants"{% for src in admin_scripts %} src="{{ src }}"{% endfor %} data-popup-response="{{ popup_response_data }}"></script>
</body>
</html>
`;

const deleteConfirmation = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} delete-confirmation{% endblock %}
{% block breadcrumbs %}${crumbs}<a href="{{ changelist_url }}">{{ verbose_name_plural|capfirst }}</a> › <a href="{{ object_url }}">{{ object|truncatewords:"18" }}</a> › Delete{% endblock %}
{% block content %}{% if perms_lacking %}
<p>Deleting the {{ object_name }} “{{ object }}” would result in deleting related objects, but your account doesn’t have permission to delete the following types of objects:</p>
<ul>{% for obj in perms_lacking %}<li>{{ obj }}</li>{% endfor %}</ul>
{% elif protected %}
<p>Deleting the {{ object_name }} “{{ object }}” would require deleting the following protected related objects:</p>
<ul>{% for obj in protected %}<li>{{ obj }}</li>{% endfor %}</ul>
{% else %}
<p>Are you sure you want to delete the {{ object_name }} “{{ object }}”? All of the following related items will be deleted:</p>
<h2>Summary</h2>
<ul>{% for s in summary %}<li>{{ s.name|capfirst }}: {{ s.count }}</li>{% endfor %}</ul>
<h2>Objects</h2>
<ul id="deleted-objects">{% for o in deleted_objects %}<li>{% if o.url %}<a href="{{ o.url }}">{{ o.label }}</a>{% else %}{{ o.label }}{% endif %}</li>{% endfor %}</ul>
<form method="post">{% csrf_token %}<div class="submit-row">
<input type="hidden" name="post" value="yes">
<input type="submit" value="Yes, I’m sure" class="danger">
<a href="{{ object_url }}" class="button cancel-link">No, take me back</a>
</div></form>
{% endif %}{% endblock %}
`;

const objectHistory = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} object-history{% endblock %}
{% block breadcrumbs %}${crumbs}<a href="{{ changelist_url }}">{{ verbose_name_plural|capfirst }}</a> › <a href="{{ object_url }}">{{ object|truncatewords:"18" }}</a> › History{% endblock %}
{% block content %}<div id="content-main"><div class="module">
{% if action_list %}<table id="change-history">
<thead><tr><th scope="col">Date/time</th><th scope="col">User</th><th scope="col">Action</th></tr></thead>
<tbody>{% for action in action_list %}<tr><th scope="row"><time datetime="{{ action.iso }}">{{ action.time }}</time></th><td>{{ action.user }}</td><td>{{ action.message }}</td></tr>{% endfor %}</tbody>
</table>{% else %}<p>This object doesn’t have a change history. It probably wasn’t added via this admin site.</p>{% endif %}
</div></div>{% endblock %}
`;

const login = `{% extends "admin/base_site.html" %}
{% block bodyclass %}login{% endblock %}
{% block usertools %}{% endblock %}
{% block nav_breadcrumbs %}{% endblock %}
{% block content_title %}{% endblock %}
{% block content %}
{% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
<div id="content-main">
{% if user_is_other %}<p class="errornote">You are authenticated as {{ user_display }}, but are not authorized to access this page. Would you like to login to a different account?</p>{% endif %}
<form action="{{ app_path }}" method="post" id="login-form">{% csrf_token %}
<div class="form-row"><label class="required" for="id_username">Username:</label> <input type="text" name="username" value="{{ username }}" autofocus autocapitalize="none" autocomplete="username" maxlength="150" required id="id_username"></div>
<div class="form-row"><label class="required" for="id_password">Password:</label> <input type="password" name="password" autocomplete="current-password" required id="id_password"><input type="hidden" name="next" value="{{ next }}"></div>
<div class="submit-row"><input type="submit" value="Log in"></div>
</form>
</div>{% endblock %}
`;

const invalidSetup = `{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<a href="{{ index_url }}">Home</a>{% endblock %}
{% block content %}<p class="errornote">The filter or page in the address is not valid for this list, or something’s wrong with your database installation. Make sure the appropriate database tables have been created, and make sure the database is readable by the appropriate user.</p>
<p><a href="{{ changelist_url }}">Show the whole list</a></p>{% endblock %}
`;

// The change link of an inline row (show_change_link), shared by both layouts.
const inlineChangeLink = `{% if inline_admin_form.change_url %} <a href="{{ inline_admin_form.change_url }}" class="{% if inline_admin_formset.has_change_permission %}inlinechangelink{% else %}inlineviewlink{% endif %}">{% if inline_admin_formset.has_change_permission %}Change{% else %}View{% endif %}</a>{% endif %}`;

const tabularInline = `<div class="js-inline-admin-formset inline-group" id="{{ inline_admin_formset.prefix }}-group" data-inline-type="tabular" data-inline-formset="{{ inline_admin_formset.inline_formset_data }}">
<div class="tabular inline-related">
{{ inline_admin_formset.formset.management_form }}
<fieldset class="module {{ inline_admin_formset.classes }}" aria-labelledby="{{ inline_admin_formset.prefix }}-heading">
<h2 id="{{ inline_admin_formset.prefix }}-heading" class="inline-heading">{{ inline_admin_formset.heading }}</h2>
{{ inline_admin_formset.formset.non_form_errors }}
<table>
<thead><tr><th class="original"></th>{% for h in inline_admin_formset.headers %}{% if not h.hidden %}<th class="column-{{ h.name }}{% if h.required %} required{% endif %}">{{ h.label }}{% if h.help_text %} <span class="help" title="{{ h.help_text }}">(?)</span>{% endif %}</th>{% endif %}{% endfor %}{% if inline_admin_formset.can_delete %}<th>Delete?</th>{% endif %}</tr></thead>
<tbody>
{% for inline_admin_form in inline_admin_formset.forms %}{% if inline_admin_form.non_field_errors %}<tr class="row-form-errors"><td colspan="{{ inline_admin_form.cells|length|add:2 }}">{{ inline_admin_form.non_field_errors }}</td></tr>
{% endif %}<tr class="form-row{% if inline_admin_form.original %} has_original{% endif %}{% if inline_admin_form.is_empty %} empty-form{% endif %}" id="{{ inline_admin_formset.prefix }}-{{ inline_admin_form.id_suffix }}">
<td class="original">{% if inline_admin_form.original %}<p>{{ inline_admin_form.original }}${inlineChangeLink}</p>{% endif %}{{ inline_admin_form.pk_field.errors }}{{ inline_admin_form.pk_field }}{% for hidden in inline_admin_form.hidden %}{{ hidden }}{% endfor %}</td>
{% for field in inline_admin_form.cells %}<td class="field-{{ field.name }}">{% if field.readonly %}<p>{{ field.contents }}</p>{% else %}{% if field.errors %}{{ field.errors }}{% endif %}{{ field.widget_html }}{% endif %}</td>{% endfor %}
{% if inline_admin_formset.can_delete %}<td class="delete">{% if inline_admin_form.deletion_widget %}{{ inline_admin_form.deletion_widget }}{% endif %}</td>{% endif %}
</tr>
{% endfor %}</tbody>
</table>
</fieldset>
</div>
</div>
`;

const stackedInline = `<div class="js-inline-admin-formset inline-group" id="{{ inline_admin_formset.prefix }}-group" data-inline-type="stacked" data-inline-formset="{{ inline_admin_formset.inline_formset_data }}">
<fieldset class="module {{ inline_admin_formset.classes }}" aria-labelledby="{{ inline_admin_formset.prefix }}-heading">
<h2 id="{{ inline_admin_formset.prefix }}-heading" class="inline-heading">{{ inline_admin_formset.heading }}</h2>
{{ inline_admin_formset.formset.management_form }}
{{ inline_admin_formset.formset.non_form_errors }}
{% for inline_admin_form in inline_admin_formset.forms %}<div class="inline-related{% if inline_admin_form.original %} has_original{% endif %}{% if inline_admin_form.is_empty %} empty-form last-related{% endif %}" id="{{ inline_admin_formset.prefix }}-{{ inline_admin_form.id_suffix }}">
<h3><b>{{ inline_admin_formset.verbose_name|capfirst }}:</b> <span class="inline_label">{% if inline_admin_form.original %}{{ inline_admin_form.original }}${inlineChangeLink}{% else %}#{{ inline_admin_form.counter }}{% endif %}</span>
{% if inline_admin_form.deletion_field %}<span class="delete">{{ inline_admin_form.deletion_field }} {{ inline_admin_form.deletion_field.label_tag }}</span>{% endif %}</h3>
{{ inline_admin_form.non_field_errors }}
{% for fieldset in inline_admin_form.fieldsets %}{% include "admin/includes/fieldset.html" %}{% endfor %}
{{ inline_admin_form.pk_field.errors }}{{ inline_admin_form.pk_field }}
</div>
{% endfor %}</fieldset>
</div>
`;

const passwordField = (name: string) => `<div class="form-row{% if form.${name}.errors %} errors{% endif %}">{{ form.${name}.errors }}<div class="flex-container">{{ form.${name}.label_tag }} {{ form.${name} }}</div>{% if form.${name}.help_text %}<div class="help"{% if form.${name}.auto_id %} id="{{ form.${name}.auto_id }}_helptext"{% endif %}>{{ form.${name}.help_text|safe }}</div>{% endif %}</div>
`;

const passwordChangeForm = `{% extends "admin/base_site.html" %}
{% block bodyclass %}password-change{% endblock %}
{% block breadcrumbs %}<a href="{{ index_url }}">Home</a> › Password change{% endblock %}
{% block content %}<div id="content-main">
<form method="post" novalidate>{% csrf_token %}
<div>
{% if error_note %}<p class="errornote" role="alert">{{ error_note }}</p>{{ form.nonFieldErrors }}{% endif %}
<p>Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly.</p>
<fieldset class="module aligned wide">
${passwordField('old_password')}${passwordField('new_password1')}${passwordField('new_password2')}</fieldset>
<div class="submit-row"><input type="submit" value="Change my password" class="default"></div>
</div>
</form></div>{% endblock %}
`;

const passwordChangeDone = `{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<a href="{{ index_url }}">Home</a> › Password change{% endblock %}
{% block content %}<p>Your password was changed.</p>{% endblock %}
`;

/** UserAdmin's "Change password" page for another user (admin/auth/user/change_password.html). */
const userChangePassword = `{% extends "admin/base_site.html" %}
{% block bodyclass %}app-{{ opts.appLabel }} model-{{ opts.modelName }} change-form{% endblock %}
{% block breadcrumbs %}${crumbs}<a href="{{ changelist_url }}">{{ verbose_name_plural|capfirst }}</a> › <a href="{{ original_url }}">{{ original|truncatewords:"18" }}</a> › Change password{% endblock %}
{% block content %}<div id="content-main">
<form method="post" id="{{ opts.modelName }}_form" novalidate>{% csrf_token %}
<div>
{% if error_note %}<p class="errornote" role="alert">{{ error_note }}</p>{{ form.nonFieldErrors }}{% endif %}
<p>Enter a new password for the user <strong>{{ original.username }}</strong>.</p>
<fieldset class="module aligned">
${passwordField('password1')}${passwordField('password2')}</fieldset>
<div class="submit-row"><input type="submit" value="Change password" class="default"></div>
</div>
</form></div>{% endblock %}
`;

/** Template name → source, as the admin app ships them. */
export const adminTemplates: Record<string, string> = {
  'admin/base.html': base,
  'admin/base_site.html': baseSite,
  'admin/app_list.html': appList,
  'admin/index.html': index,
  'admin/app_index.html': appIndex,
  'admin/change_list.html': changeList,
  'admin/change_form.html': changeForm,
  'admin/popup_response.html': popupResponse,
  'admin/edit_inline/tabular.html': tabularInline,
  'admin/edit_inline/stacked.html': stackedInline,
  'admin/includes/fieldset.html': fieldset,
  'admin/submit_line.html': submitLine,
  'admin/delete_confirmation.html': deleteConfirmation,
  'admin/actions.html': actions,
  'admin/date_hierarchy.html': dateHierarchy,
  'admin/password_change_form.html': passwordChangeForm,
  'admin/password_change_done.html': passwordChangeDone,
  'admin/auth/user/change_password.html': userChangePassword,
  'admin/delete_selected_confirmation.html': deleteSelectedConfirmation,
  'admin/object_history.html': objectHistory,
  'admin/login.html': login,
  'admin/invalid_setup.html': invalidSetup,
};
