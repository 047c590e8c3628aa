"""The Django application: the application database (units, targets, audit) and, later, the web.

Engine packages never import this; the command line reaches it through ``bootstrap.use_home``.
"""
