"""Loading facts into a home where the application database must know of it: manual values,
whose every change is kept in the audit trail (``services.import_manual_values``)."""
