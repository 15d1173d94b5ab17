"""The site's build steps, as MkDocs calls them: each handler calls one step of the pipeline.

The steps and their order are written down in `scholarly/pipeline.py`; this file only connects
MkDocs' events to them. MkDocs runs these after the plugins of the same event unless a priority
says otherwise; the priorities below are the ones that matter (see their comments).
"""

from mkdocs.plugins import event_priority

from scholarly.pipeline import Pipeline

PIPELINE = Pipeline()


def on_startup(command, dirty):
    PIPELINE.startup(command)


# Before the bibtex plugin's own on_config (priority 0), which is switched off here.
@event_priority(100)
def on_config(config):
    return PIPELINE.configure(config)


# After mkdocs-static-i18n (-100), which chooses the pages of the edition being built.
@event_priority(-110)
def on_files(files, config):
    return PIPELINE.collect(files, config)


@event_priority(-110)
def on_nav(nav, config, files):
    PIPELINE.navigation(nav, config)
    return nav


def on_page_markdown(markdown, page, config, files):
    return PIPELINE.page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return PIPELINE.page_content(html, page)


def on_env(env, config, files):
    return PIPELINE.finish_pages(env, config, files)


# Before Material's search plugin (priority 0) indexes the page: nothing here changes the content,
# but the order is stated so that it stays so.
@event_priority(50)
def on_page_context(context, page, config, nav):
    return PIPELINE.page_context(context, page, config, nav)


def on_template_context(context, template_name, config):
    return PIPELINE.template_context(context, template_name, config)


def on_post_page(output, page, config):
    return PIPELINE.post_page(output)


def on_post_template(output_content, template_name, config):
    return PIPELINE.post_template(output_content, template_name)


# After mkdocs-static-i18n (-100), which builds the other editions and writes the search index.
@event_priority(-110)
def on_post_build(config):
    PIPELINE.post_build(config)
