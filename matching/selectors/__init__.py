"""Every read of the matching app, one module per concern, each scoped to who asks. Selectors return querysets
and values and raise nothing web-shaped: tasks and commands use them too; views turn "not found" into a 404."""
