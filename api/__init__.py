"""The versioned machine interface (开放接口, ``/api/v1/``) and personal access tokens (访问令牌).

This app sits on top: it reads through the other apps' selectors, querysets and services, and
none of them imports it. Design notes and the endpoint list are in ``docs/api.md``.
"""
