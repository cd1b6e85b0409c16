"""The API's routes, one module per area; each route is thin over the library."""
