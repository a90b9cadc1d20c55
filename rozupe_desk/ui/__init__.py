"""The Qt window. Widgets call services; they never build SQL or import the db package."""
