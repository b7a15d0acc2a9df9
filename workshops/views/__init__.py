"""Actions of the workshops app (教师工作坊 · 个人空间 · 自主创建), one module per concept
(``workshop``, ``personal_space``, ``proposals``), routed by ``workshops.urls``. What is only read
(the workshop page, activities, threads, monitoring, the personal space, the communities) is
rendered by the page routes in ``workshops.models.pages``."""
