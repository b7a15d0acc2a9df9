"""The actions of the workshops app, one module per concept (``workshop``, ``personal_space``,
``proposals``), routed by ``workshops.urls``. What is only read (the workshop page, activities,
threads, monitoring, the personal space, the communities) is rendered by the page routes in
``workshops.models.pages``."""
